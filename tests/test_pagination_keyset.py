"""Keyset pages of the API lists (`gidh_portal/pagination/keyset.py`): following `next` reads
every row once in the list's order, from page numbers into cursors; a cursor survives inserts;
hostile cursors and deep page numbers are 400s."""

import base64
import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from gidh_portal.pagination import encode_cursor, page_numbers
from gidh_portal.pagination.keyset import INVALID_CURSOR
from investments.models import Commitment, ExchangeRate, InvestmentPlan
from members.models import MemberState
from resources.models import Resource
from resources.ordering import ORDERINGS

from . import factories

COMMITMENTS = "/api/v1/commitments/"
PLANS = "/api/v1/investment-plans/"
RESOURCES = "/api/v1/resources/"


@pytest.fixture
def commitments(db):
    """Public commitments with ties on every sortable column, and some without a USD amount
    (EUR 2024's rate removed), beside one the public may not see."""
    plan = factories.InvestmentPlanFactory(status="approved", currency="USD")
    amounts = ["500.00", "500.00", "700.00", None, "500.00", None, "900.00", "700.00"]
    for n, committed in enumerate(amounts * 2):
        factories.CommitmentFactory(
            plan=plan,
            currency="EUR" if committed is None else "USD",
            year=2024 + n % 2,
            pledged_on=datetime.date(2024, 1 + n % 3, 1),
            status="pledged" if committed is None else "committed",
            committed_amount=committed,
            committed_on=None if committed is None else datetime.date(2024, 6, 1),
            verified_at=timezone.now(),
        )
    factories.CommitmentFactory(plan=plan, verified_at=None)
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()
    return Commitment.objects.public().with_conversions()


def walk(client, url, page_size=3):
    """The ids of every row, following `next` from `url`, and the number of pages."""
    seen, pages = [], 0
    url = f"{url}{'&' if '?' in url else '?'}page_size={page_size}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["id"] if "id" in row else row["slug"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    return seen, pages


COMMITMENT_ORDERINGS = {
    "": ("-pledged_on", "-pk"),
    "pledged_on": ("pledged_on", "pk"),
    "year": ("year", "pk"),
    "-year": ("-year", "-pk"),
    # A missing rate (NULL) sorts where PostgreSQL puts NULL: last up, first down.
    "committed_usd": (F("committed_usd").asc(nulls_last=True), "pk"),
    "-committed_usd": (F("committed_usd").desc(nulls_first=True), "-pk"),
}


@pytest.mark.parametrize("ordering", list(COMMITMENT_ORDERINGS))
def test_commitment_cursor_pages_read_every_row_once_in_order(client, commitments, ordering):
    expected = list(
        commitments.order_by(*COMMITMENT_ORDERINGS[ordering]).values_list("pk", flat=True)
    )
    seen, pages = walk(client, f"{COMMITMENTS}?cursor=&ordering={ordering}")
    assert seen == expected
    assert pages == 6  # 16 rows by 3


@pytest.mark.parametrize("ordering", list(COMMITMENT_ORDERINGS))
def test_next_links_go_from_page_numbers_to_cursors(client, commitments, ordering, monkeypatch):
    monkeypatch.setattr(page_numbers, "MAX_PAGE_ROWS", 6)
    expected = list(
        commitments.order_by(*COMMITMENT_ORDERINGS[ordering]).values_list("pk", flat=True)
    )
    second = client.get(COMMITMENTS, {"ordering": ordering, "page_size": 3, "page": 2}).json()
    assert second["count"] == 16
    assert "cursor=" in second["next"] and "page=" not in second["next"]
    assert walk(client, f"{COMMITMENTS}?ordering={ordering}")[0] == expected


def test_a_page_number_past_the_limit_is_refused(client, commitments):
    response = client.get(COMMITMENTS, {"page": 21, "page_size": 50})
    assert response.status_code == 400
    assert "follow the `next` link" in response.json()["errors"]["page"][0]
    assert client.get(COMMITMENTS, {"page": 20, "page_size": 50}).status_code == 404  # empty
    assert client.get(COMMITMENTS, {"page": "9" * 5000}).status_code == 400


def test_a_cursor_stays_valid_when_rows_are_inserted_before_it(client, commitments):
    first = client.get(COMMITMENTS, {"cursor": "", "page_size": 4}).json()
    following = client.get(first["next"]).json()["results"]
    plan = InvestmentPlan.objects.get()
    factories.CommitmentFactory(
        plan=plan, currency="USD", pledged_on=datetime.date(2030, 1, 1), verified_at=timezone.now()
    )
    assert client.get(first["next"]).json()["results"] == following


def test_encode_cursor_points_at_any_position(client, commitments):
    rows = list(commitments.order_by("-pledged_on", "-pk").values("pk", "pledged_on"))
    cursor = encode_cursor([rows[5]["pledged_on"], rows[5]["pk"]])
    body = client.get(COMMITMENTS, {"cursor": cursor, "page_size": 200}).json()
    assert [row["id"] for row in body["results"]] == [row["pk"] for row in rows[6:]]
    assert body["next"] is None and "count" not in body


def test_pages_query_counts_are_bounded(client, commitments, django_assert_num_queries):
    with django_assert_num_queries(1):  # the page, no count
        body = client.get(COMMITMENTS, {"cursor": "", "ordering": "-committed_usd"}).json()
    with django_assert_num_queries(1):
        client.get(body["next"] or f"{COMMITMENTS}?cursor=")
    with django_assert_num_queries(2):  # the page and the count
        body = client.get(COMMITMENTS, {"page": 2, "page_size": 3}).json()
    assert body["page"] == 2 and len(body["results"]) == 3


def _cursor(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("ordering", "cursor"),
    [
        ("", "!!!not base64"),
        ("", "é"),
        ("", "A" * 1001),
        ("", _cursor("{}")),
        ("", _cursor("not json")),
        ("", _cursor("[1]")),
        ("", _cursor('["2024-01-01", 1, 2]')),
        ("", _cursor('["tomorrow", 1]')),
        ("", _cursor('["99999-01-01", 1]')),
        ("", _cursor('["2024-01-01", 99999999999999999999999]')),
        ("", _cursor('["2024-01-01", -99999999999999999999999]')),
        ("", _cursor('["2024-01-01", "1\\u0000"]')),
        ("", _cursor('["2024-01-01", 1.5]')),
        ("", _cursor('["2024-01-01", true]')),
        ("", _cursor("[null, 1]")),
        ("", _cursor('[["2024-01-01"], 1]')),
        ("committed_usd", _cursor('["1e999999", 1]')),
        ("committed_usd", _cursor('["NaN", 1]')),
        ("committed_usd", _cursor('["Infinity", 1]')),
        ("committed_usd", _cursor('["12.345", 1]')),
    ],
)
def test_hostile_cursors_are_refused(client, commitments, ordering, cursor):
    response = client.get(COMMITMENTS, {"cursor": cursor, "ordering": ordering})
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == [str(INVALID_CURSOR)]


@pytest.mark.parametrize(
    ("ordering", "values"),
    [
        ("newest", '[2024, "2024-01-01", 1]'),  # a date for a time
        ("newest", '[2024, "2024-01-01T00:00:00", 1]'),  # a time without its zone
        ("newest", '[2024, "2024-01-01T00:00:00+00:00\\u0000", 1]'),
        ("newest", '[99999, "2024-01-01T00:00:00+00:00", 1]'),
        ("title", '["A title \\u0000", 1]'),
    ],
)
def test_hostile_resource_cursors_are_refused(client, db, ordering, values):
    response = client.get(RESOURCES, {"cursor": _cursor(values), "ordering": ordering})
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == [str(INVALID_CURSOR)]


@pytest.fixture
def plans(db):
    """Approved plans of three member states, two with the same first year, beside a draft."""
    states = MemberState.objects.filter(iso3__in=["KEN", "FRA", "JPN"])
    for state in states:
        for start_year in (2020, 2024, 2024):
            factories.InvestmentPlanFactory(
                member_state=state, start_year=start_year, end_year=2028, status="approved"
            )
    factories.InvestmentPlanFactory(status="draft")
    return InvestmentPlan.objects.published()


@pytest.mark.parametrize(
    ("ordering", "order_by"),
    [
        ("", ("member_state__name_en", "-start_year", "pk")),  # mixed directions
        ("-start_year", ("-start_year", "-pk")),
        ("updated_at", ("updated_at", "pk")),
    ],
)
def test_plan_pages_read_every_plan_once_in_order(client, plans, ordering, order_by, monkeypatch):
    monkeypatch.setattr(page_numbers, "MAX_PAGE_ROWS", 4)
    expected = list(plans.order_by(*order_by).values_list("pk", flat=True))
    assert walk(client, f"{PLANS}?ordering={ordering}", page_size=2)[0] == expected
    assert walk(client, f"{PLANS}?cursor=&ordering={ordering}", page_size=2)[0] == expected


@pytest.fixture
def resources(db):
    """Published resources with ties on the year (and some without one), on the creation time,
    and on the title; a proposal beside them."""
    created = timezone.now()
    for n in range(11):
        resource = factories.ResourceFactory(
            title=f"Resource {n % 4}", publication_year=[2020, 2023, None][n % 3]
        )
        Resource.objects.filter(pk=resource.pk).update(
            created_at=created - datetime.timedelta(days=n % 2)
        )
    factories.ResourceFactory(status="submitted")
    return Resource.objects.published()


@pytest.mark.parametrize(
    ("ordering", "order_by"),
    [
        # No year sorts first (PostgreSQL's NULL, as the catalogue page sorts it).
        ("relevance", (F("publication_year").desc(nulls_first=True), "-pk")),
        ("newest", (F("publication_year").desc(nulls_first=True), "-pk")),
        ("title", ("title", "pk")),
    ],
)
def test_resource_pages_read_every_resource_once_in_order(
    client, resources, ordering, order_by, monkeypatch
):
    monkeypatch.setattr(page_numbers, "MAX_PAGE_ROWS", 4)
    expected = list(resources.order_by(*order_by).values_list("slug", flat=True))
    assert walk(client, f"{RESOURCES}?ordering={ordering}", page_size=2)[0] == expected
    seen, pages = walk(client, f"{RESOURCES}?cursor=&ordering={ordering}", page_size=2)
    assert seen == expected and pages == 6


def test_a_resource_search_pages_by_number(client, resources):
    body = client.get(RESOURCES, {"search": "resource", "page_size": 2, "cursor": ""}).json()
    assert body["count"] == 11 and "page=2" in body["next"]


def test_resource_pages_past_the_first_read_their_ids_first(
    client, resources, django_assert_num_queries
):
    """The resources' rows select their relations' arrays, which PostgreSQL would compute for
    every row OFFSET skips: a numbered page past the first reads its ids, then its rows."""
    expected = list(resources.order_by(*ORDERINGS["newest"]).values_list("slug", flat=True))
    with django_assert_num_queries(3):  # the count, the page's ids, its rows
        body = client.get(RESOURCES, {"page": 2, "page_size": 3}).json()
    assert [item["slug"] for item in body["results"]] == expected[3:6]
