"""The catalogue's relevance order: the default of a search (page and API), newest first
otherwise, and the sort select that never turns a new search into "Newest first"."""

import re

import pytest

from ..factories import ResourceFactory
from ..test_performance import QUERY_BOUNDS

pytestmark = pytest.mark.django_db

SORT_SELECT = re.compile(r'<select id="catalogue-sort" name="sort">(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]*)"( disabled)?( selected)?>([^<]*)</option>')


@pytest.fixture
def matches():
    """A title match published long ago and two newer resources naming the word in their
    description only: newest first puts the title match last, relevance first."""
    return {
        "title": ResourceFactory(
            slug="in-title",
            title="Telemedicine toolkit",
            summary="Guidance for remote consultations.",
            publication_year=2015,
        ),
        "body": ResourceFactory(
            slug="in-body",
            title="District health services handbook",
            summary="Running district health services.",
            body="One chapter covers telemedicine.",
            publication_year=2024,
        ),
        "body-older": ResourceFactory(
            slug="in-body-older",
            title="Primary care in rural areas",
            summary="Primary care programmes.",
            body="Telemedicine links rural clinics.",
            publication_year=2020,
        ),
    }


def page_slugs(response):
    return re.findall(r'href="/resources/(in-[a-z-]+)/"', response.content.decode())


def sort_options(response):
    (select,) = SORT_SELECT.findall(response.content.decode())
    return [
        {"value": value, "disabled": bool(disabled), "selected": bool(selected), "label": label}
        for value, disabled, selected, label in OPTION.findall(select)
    ]


def test_relevance_puts_a_title_match_above_a_description_match_on_the_page(client, matches):
    assert page_slugs(client.get("/resources/", {"q": "telemedicine"})) == [
        "in-title",
        "in-body",
        "in-body-older",
    ]
    newest = client.get("/resources/", {"q": "telemedicine", "sort": "newest"})
    assert page_slugs(newest) == ["in-body", "in-body-older", "in-title"]


def test_relevance_puts_a_title_match_above_a_description_match_in_the_api(client, matches):
    for params in ({"search": "telemedicine"}, {"search": "telemedicine", "ordering": "relevance"}):
        body = client.get("/api/v1/resources/", params).json()
        assert [row["slug"] for row in body["results"]] == [
            "in-title",
            "in-body",
            "in-body-older",
        ]
    body = client.get("/api/v1/resources/", {"search": "telemedicine", "ordering": "newest"}).json()
    assert [row["slug"] for row in body["results"]] == ["in-body", "in-body-older", "in-title"]


def test_without_words_relevance_falls_back_to_newest_first(client, matches):
    body = client.get("/api/v1/resources/", {"ordering": "relevance"}).json()
    assert [row["slug"] for row in body["results"]] == ["in-body", "in-body-older", "in-title"]
    listed = client.get("/resources/", {"sort": "relevance"})
    assert page_slugs(listed) == ["in-body", "in-body-older", "in-title"]


def test_the_sort_select_offers_relevance_with_words_only(client, matches):
    listed = sort_options(client.get("/resources/"))
    assert [o["label"] for o in listed] == ["Newest first", "Title"]
    assert [o["label"] for o in listed if o["selected"]] == ["Newest first"]
    searched = sort_options(client.get("/resources/", {"q": "telemedicine"}))
    assert [o["label"] for o in searched] == ["Relevance", "Newest first", "Title"]
    assert [o["value"] for o in searched if o["selected"]] == ["relevance"]
    assert [o["value"] for o in searched] == ["relevance", "newest", "title"]


def test_words_typed_on_the_newest_list_are_sorted_by_relevance(client, matches):
    """The form as the list shows it, submitted with words: its selected sort is sent along."""
    (selected,) = [o["value"] for o in sort_options(client.get("/resources/")) if o["selected"]]
    searched = client.get("/resources/", {"q": "telemedicine", "sort": selected})
    assert page_slugs(searched)[0] == "in-title"
    assert [o["value"] for o in sort_options(searched) if o["selected"]] == ["relevance"]


def test_a_chosen_order_survives_new_words(client, matches):
    """Newest first chosen during a search stays chosen when the words change."""
    (chosen,) = [
        o["value"]
        for o in sort_options(client.get("/resources/", {"q": "rural", "sort": "newest"}))
        if o["selected"]
    ]
    searched = client.get("/resources/", {"q": "telemedicine", "sort": chosen})
    assert page_slugs(searched) == ["in-body", "in-body-older", "in-title"]
    cleared = sort_options(client.get("/resources/", {"sort": chosen}))
    assert [o["value"] for o in cleared if o["selected"]] == ["newest"]


def test_relevance_costs_what_newest_costs(client, matches, django_assert_max_num_queries):
    """The rank is computed over the search's window: no query more than newest first, within
    the catalogue search's bound."""
    counts = {}
    for sort in ("relevance", "newest"):
        client.get("/resources/", {"q": "telemedicine", "sort": sort})  # first-request work
        with django_assert_max_num_queries(QUERY_BOUNDS["catalogue-search"]) as queries:
            client.get("/resources/", {"q": "telemedicine", "sort": sort})
        counts[sort] = len(queries)
    assert counts["relevance"] == counts["newest"]
