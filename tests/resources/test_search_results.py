"""The catalogue's results are plain rows read live at each request: what a page shows
(title, publisher, languages, highlight) follows every write at once, even one that moves no
timestamp, and a search with an invalid filter shows no results instead of failing."""

import re

import pytest
from django.urls import reverse

from members.models import Organization
from resources.models import Resource, ResourceLanguage

from ..factories import OrganizationFactory, ResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache")]


@pytest.fixture
def guide(db):
    return ResourceFactory(
        slug="cold-chain",
        title="Cold chain monitoring guide",
        summary="Monitoring vaccine cold chain equipment with sensors.",
        publisher=OrganizationFactory(name="World Health Organization", acronym="WHO"),
        languages=["en", "fr"],
        kind="guideline",
    )


def _meta(page):
    return re.findall(r'class="resource-meta">([^<]*)', page)


def _page(client, query="cold chain"):
    response = client.get(reverse("resources:resource-list"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_result_shows_its_row(client, guide):
    page = _page(client)
    assert '<a href="/resources/cold-chain/">Cold chain monitoring guide</a>' in page
    assert _meta(page)[0].startswith("Guideline · WHO · ")
    assert _meta(page)[0].endswith(" · English, French")
    assert "<mark>cold</mark> <mark>chain</mark>" in page


def test_writes_that_move_no_timestamp_show_at_the_next_request(client, guide):
    _page(client)
    Resource.objects.filter(pk=guide.pk).update(title="Cold chain sensors handbook")
    Organization.objects.filter(pk=guide.publisher_id).update(acronym="OMS")
    ResourceLanguage.objects.filter(resource=guide, code="fr").delete()

    page = _page(client)

    assert "Cold chain sensors handbook" in page and "Cold chain monitoring guide" not in page
    assert _meta(page)[0].startswith("Guideline · OMS · ")
    assert _meta(page)[0].endswith(" · English")


def test_a_withdrawn_result_disappears_at_the_next_request(client, guide):
    assert "cold-chain" in _page(client)
    Resource.objects.filter(pk=guide.pk).update(status="returned")
    assert "cold-chain" not in _page(client)


def test_a_search_with_an_invalid_filter_shows_no_results(client, guide):
    response = client.get(reverse("resources:resource-list"), {"q": "cold", "kind": "bogus"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert b"errorlist" in response.content
