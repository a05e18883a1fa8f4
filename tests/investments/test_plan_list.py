"""The list of all investment plans (/investments/plans/): who sees which plans, the filters,
the sort orders, the CSV download (the API's own list, filtered the same way), bad filters and
a bounded number of queries."""

import csv
import io

import pytest

from members.models import MemberState

from .. import factories

URL = "/investments/plans/"


def titles(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()
    return [plan["title"] for plan in response.context["plans"]]


def test_the_public_sees_the_published_plans_by_country(money, client):
    response = client.get(URL)
    assert titles(client) == [money["b"].title, money["a"].title]  # France, then Kenya
    html = response.content.decode()
    assert 'name="status"' not in html  # nothing but published plans to choose from
    assert "2 plans" in html
    assert "100,000.01" in html  # plan B's funding gap in USD
    assert '<caption id="plans-caption">' in html and '<th scope="row">Kenya</th>' in html
    assert 'role="region" aria-labelledby="plans-caption" tabindex="0"' in html


def test_plans_filtered_by_region_and_year(money, client):
    later = factories.InvestmentPlanFactory(
        member_state=MemberState.objects.get(iso3="KEN"),
        start_year=2026,
        end_year=2030,
        status="approved",
    )
    assert titles(client, region="AFR") == [later.title, money["a"].title]  # the newest first
    assert titles(client, region="EUR") == [money["b"].title]
    assert titles(client, year=2028) == [later.title]
    assert titles(client, year=2025, region="AFR") == [money["a"].title]
    assert titles(client, year=2031) == []


def test_plans_sorted_by_gap_cost_and_newest(money, client):
    later = factories.InvestmentPlanFactory(
        member_state=MemberState.objects.get(iso3="KEN"), start_year=2026, status="approved"
    )
    assert titles(client, sort="gap") == [money["b"].title, money["a"].title, later.title]
    assert titles(client, sort="cost") == [money["b"].title, money["a"].title, later.title]
    assert titles(client, sort="newest")[0] == later.title


def test_status_filter_for_those_who_see_unpublished_plans(
    money, client, client_for, secretariat, focal_point_kenya
):
    kenyan_draft = factories.InvestmentPlanFactory(status="draft")
    secretariat_client = client_for(secretariat)
    assert 'name="status"' in secretariat_client.get(URL).content.decode()
    assert set(titles(secretariat_client)) == {
        plan.title for plan in (money["a"], money["b"], money["c"], kenyan_draft)
    }
    assert titles(secretariat_client, status="draft") == [money["c"].title, kenyan_draft.title]
    # Kenya's focal point: the published plans and Kenya's own draft, not Japan's.
    focal_point = client_for(focal_point_kenya)
    assert titles(focal_point, status="draft") == [kenyan_draft.title]
    # The public has no status filter: the parameter is ignored.
    assert titles(client, status="draft") == [money["b"].title, money["a"].title]


def test_csv_download_is_the_api_list_with_the_same_filters(money, client_for, secretariat):
    client = client_for(secretariat)
    response = client.get(URL, {"format": "csv", "region": "AFR", "sort": "country"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    page_csv = b"".join(response.streaming_content).decode()
    api = client.get("/api/v1/investment-plans/", {"format": "csv", "who_region": "AFR"})
    assert page_csv == b"".join(api.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(page_csv)))
    assert [row["title"] for row in rows] == [money["a"].title]
    assert rows[0]["gap_usd"] == "20783.34"
    link = 'href="?region=AFR&amp;format=csv"'
    assert link in client.get(URL, {"region": "AFR"}).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "next"},
        {"year": "9" * 40},
        {"year": "1066"},
        {"region": "XYZ"},
        {"sort": "title; drop table"},
        {"format": "csv", "year": "x"},
    ],
)
def test_bad_filters_are_a_400_with_the_reason(db, client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    field = next(name for name in params if name != "format")
    html = response.content.decode()
    assert f'<span class="error" id="id_{field}_error">' in html
    assert f'aria-describedby="id_{field}_error"' in html


def test_a_page_number_out_of_range_shows_the_last_page(money, client):
    assert client.get(URL, {"page": "9" * 40}).status_code == 200
    assert client.get(URL, {"page": "-1"}).status_code == 200


# The region filter's lookup and choices, the count, the page; a user and their group besides.
@pytest.mark.parametrize(("role", "limit"), [("anonymous", 4), ("secretariat", 6)])
def test_plan_list_queries_are_bounded(
    money, client_for, secretariat, role, limit, django_assert_max_num_queries
):
    client = client_for(secretariat if role == "secretariat" else None)
    with django_assert_max_num_queries(limit):
        assert client.get(URL).status_code == 200
    for _plan in range(60):
        plan = factories.InvestmentPlanFactory(status="approved", currency="EUR")
        factories.PriorityCostFactory(priority__plan=plan)
    with django_assert_max_num_queries(limit):
        response = client.get(URL, {"region": "AFR", "year": 2025, "sort": "gap"})
    assert response.status_code == 200
    assert len(response.context["plans"]) == 50
    assert response.context["page"].has_next()


def test_the_list_is_linked_from_the_overview_and_the_investments_navigation(money, client):
    overview = client.get("/investments/").content.decode()
    assert f'href="{URL}"' in overview
    assert "See all 2 published plans" in overview
    assert 'href="/investments/plans/" aria-current="page"' in client.get(URL).content.decode()


def test_plan_list_in_russian(money, client):
    client.cookies["django_language"] = "ru"
    html = client.get(URL, {"sort": "gap"}).content.decode()
    assert "<h1>Все инвестиционные планы</h1>" in html
    assert "2 плана" in html
    assert "Наибольший дефицит финансирования" in html
