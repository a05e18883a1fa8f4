"""Performance behaviour: bounded queries on the benchmarked endpoints, the response cache
(anonymous only, invalidated by the services, per-requester CSRF token), conditional GET and
the orjson renderer."""

import datetime
import json
import random
import re
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from bench import floor as floor_app
from bench import traffic
from bench.endpoints import ENDPOINTS
from gidh_portal.renderers import ORJSONRenderer
from gidh_portal.response_cache import VERSION_KEYS
from investments.models import Commitment, DatasetFile, ExchangeRate, InvestmentPlan
from members.models import GdhmIndicator, IndicatorAnswer, MemberState, ProfileSubmission
from resources import services as resource_services
from resources.models import Kind, Resource

from . import factories

# The most SQL queries a request of each class of the benchmark's traffic may run, whatever the
# data size (response cache off). `make bench` prints the most it saw over a sample per class.
QUERY_BOUNDS = {
    # The words' parse in every configuration, whether the search index finds them (or, for a
    # typo, the similar titles: 4 more with the transaction that sets the threshold), the
    # window's ids, its ranked page ids with the count, the page's rows, the facet counts and
    # their three labels; the API's region filter reads the regions to check its value (a typo
    # filtered by region: 14).
    "catalogue-search": 13,
    "api-resources-search": 14,
    "api-resources-deep": 2,
    "api-commitments-deep": 2,
    "api-commitments-member-state": 2,
    "api-funding-gaps": 3,
    # The profile, year on year (3), plan, priorities, commitments and resources sections; the
    # peers section's own answers at phase 1–3, their peers, their resources and the exchanges.
    "country-page": 14,
    "plan-page": 5,  # the plan, its priorities, their interventions and costs, its commitments
    # The row, its six relations (prefetched), its related resources' candidates and rows.
    "resource-page": 9,
    # My country: the session, the user, its profiles, their history, year on year (3); the
    # peers section's own answers at phase 1–3, their peers and the peer exchanges.
    "focal-point-pages": 16,
    "partner-pages": 8,
    "home": 5,  # with the member states that moved up a phase (1)
    "country-list": 3,
    "api-member-states": 1,
    "api-investment-plans": 2,
    # The filter form's choices (regions, member states, components, interventions: each read
    # once, for the options and to check the value chosen), the count and the page's rows.
    "offers-list": 6,
    # The member state, then its progress and the cycles' averages, or its answers at phase
    # 1–3 and their peers.
    "country-progress": 3,
    # The member state, its approved cycles, the profile and its answers, the averages, the
    # scores of every cycle (the changes), the components' names, the plan in force and its
    # largest unfunded priorities.
    "scorecard": 9,
    "dataset": 2,  # the files' count and page (the page: the files; the dictionary: none)
}


@pytest.fixture
def response_cache(settings, own_cache):
    settings.RESPONSE_CACHE = True


def _data(rows):
    kenya = MemberState.objects.get(iso3="KEN")
    for year in (2024, 2025):
        ExchangeRate.objects.get_or_create(
            currency="KES", year=year, defaults={"units_per_usd": Decimal("130")}
        )
        ExchangeRate.objects.get_or_create(
            currency="USD", year=year, defaults={"units_per_usd": Decimal("1")}
        )
    factories.approved_profile(member_state=kenya)
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    for rank in range(1, rows + 1):
        priority = factories.PriorityFactory(plan=plan, rank=rank)
        factories.PriorityCostFactory(priority=priority, year=2024)
        factories.CommitmentFactory(
            plan=plan,
            priority=priority,
            status="committed",
            committed_amount="500.00",
            committed_on=datetime.date(2024, 4, 1),
            verified_at=timezone.now(),
        )
    resources = [
        factories.ResourceFactory(
            slug="bulk-1" if n == 0 else f"bulk-r{n}",
            title=f"Health immunization guidance {n}",
            kind="guideline",
            languages=["en", "fr"],
            member_states=[kenya],
        )
        for n in range(rows)
    ]
    return {"plan": plan.pk, "resource": resources[0].slug}


def _traffic_data(*, focal_point, partner):
    """A few hundred plans, resources and commitments (bulk): enough rows for every class of the
    benchmark's traffic to draw its 400 distinct URLs, as it does from the large seed."""
    values = _data(1)
    states = list(MemberState.objects.order_by("iso3"))
    kinds = [kind for kind, _label in Kind.choices]
    words = ["digital", "health", "data", "surveillance", "santé", "vaccinación"]
    Resource.objects.bulk_create(
        factories.ResourceFactory.build(
            slug=f"traffic-{n}",
            kind=kinds[n % len(kinds)],
            title=f"{words[n % len(words)]} {words[n // 7 % len(words)]} resource {n}",
            publisher=partner.organization,
            publication_year=2000 + n % 26,
        )
        for n in range(420)
    )
    plans = InvestmentPlan.objects.bulk_create(
        factories.InvestmentPlanFactory.build(
            member_state=states[n % len(states)], status="approved", start_year=2020 + n % 5
        )
        for n in range(420)
    )
    _published_profiles(states)
    own = [plan for plan in plans if plan.member_state_id == focal_point.member_state_id]
    Commitment.objects.bulk_create(
        factories.CommitmentFactory.build(
            plan=own[n % len(own)],
            organization=partner.organization,
            pledged_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 300),
            verified_at=timezone.now(),
        )
        for n in range(450)
    )
    return values


def _published_profiles(states):
    """An approved profile of every member state last year (bulk, phases varying by country
    and indicator, so that each has peers) and one the year before for Kenya: the scorecards,
    progress and peers the benchmark draws."""
    factories.approved_profile(
        member_state=MemberState.objects.get(iso3="KEN"), year=factories.this_year() - 2, phase=2
    )
    cycle = factories.ReportingCycleFactory(year=factories.this_year() - 1)
    submissions = ProfileSubmission.objects.bulk_create(
        ProfileSubmission(member_state=state, cycle=cycle, status="approved", version=3)
        for state in states
        if state.iso3 != "KEN"
    )
    indicators = list(GdhmIndicator.objects.filter(parent__isnull=True))
    IndicatorAnswer.objects.bulk_create(
        IndicatorAnswer(submission=submission, indicator=indicator, phase=(n + i) % 5 + 1)
        for n, submission in enumerate(submissions)
        for i, indicator in enumerate(indicators)
    )


def _sample(requests, size):
    distinct = sorted({(r.path, r.user) for r in requests}, key=str)
    return random.Random(0).sample(distinct, min(size, len(distinct)))


@pytest.mark.django_db
def test_the_benchmark_draws_varied_urls_that_run_a_bounded_number_of_queries(
    client_for, focal_point_kenya, partner, django_assert_max_num_queries
):
    """Every class of `make bench`'s traffic draws ≥ 400 distinct paths from the data (fewer only
    where its whole space is smaller), and each request runs a bounded number of queries."""
    _traffic_data(focal_point=focal_point_kenya, partner=partner)
    users = {focal_point_kenya.email: focal_point_kenya, partner.email: partner}
    assert set(QUERY_BOUNDS) == {c.name for c in traffic.CLASSES}
    for traffic_class in traffic.CLASSES:
        requests = traffic.draw(traffic_class, seed=1)
        assert len({r.path for r in requests}) >= traffic_class.min_distinct, traffic_class.name
        assert requests == traffic.draw(traffic_class, seed=1)  # the seed gives the same URLs
        assert all(r.user for r in requests) == traffic_class.signed_in
        for path, email in _sample(requests, 6):
            client = client_for(users.get(email))
            client.get(path)  # first-request work (content types, cycles) isn't per request
            bound = QUERY_BOUNDS[traffic_class.name]
            with django_assert_max_num_queries(bound, info=f"{traffic_class.name}: {path}"):
                response = client.get(path)
            assert response.status_code == 200, path


@pytest.mark.django_db
def test_the_varied_floors_read_what_the_portal_shows(client, focal_point_kenya, partner):
    """bench/floor.py's queries run for the drawn requests, and read the rows the portal shows."""
    _traffic_data(focal_point=focal_point_kenya, partner=partner)

    def floor(request):
        name, _, query = request.floor_path().lstrip("/").partition("?")
        with connection.cursor() as cursor:
            cursor.execute(*floor_app.query(name, dict(parse_qsl(query, keep_blank_values=True))))
            columns = [column.name for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    for traffic_class in traffic.CLASSES:
        for request in traffic.draw(traffic_class, seed=2)[:20]:
            rows = floor(request)
            if request.floor in ("country-page", "plan-page", "resource-page", "commitment"):
                assert len(rows) == 1, request
    classes = {c.name: c for c in traffic.CLASSES}
    by_state = traffic.draw(classes["api-commitments-member-state"], seed=3)
    assert by_state[0].path.startswith("/api/v1/commitments/?member_state=")
    for request in by_state[:20]:
        shown = [row["id"] for row in client.get(request.path).json()["results"]]
        assert [row["id"] for row in floor(request)] == shown, request
    for request in traffic.draw(classes["plan-page"], seed=3)[:5]:
        (row,) = floor(request)
        assert f"/investments/plans/{row['id']}/" == request.path
    for request in traffic.draw(classes["country-progress"], seed=3)[:20]:
        shown = client.get(request.path).json()
        if request.floor == "progress":
            rows = floor(request)
            assert [
                (r["year"], str(r["component"] or "overall"), r["previous_year"]) for r in rows
            ] == [(r["year"], r["component"], r["previous_year"]) for r in shown["results"]], (
                request
            )
            for row, item in zip(rows, shown["results"], strict=True):
                assert abs(row["score"] - item["score"]) < 0.01
                assert (row["world"] is None) == (item["world"] is None)
        else:
            assert [(r["indicator"], [p["iso3"] for p in r["peers"]]) for r in floor(request)] == [
                (r["indicator"], [p["iso3"] for p in r["peers"]]) for r in shown
            ], request
    for request in traffic.draw(classes["scorecard"], seed=3)[:20]:
        rows = floor(request)
        if request.floor == "scorecard":
            (row,) = rows
            assert f"?cycle={row['year']}" in client.get(request.path).content.decode()
    DatasetFile.objects.bulk_create(
        DatasetFile(cycle_year=year, dataset=dataset, file_format=file_format, file=f"f{n}",
                    size=1, rows=1, sha256=f"{n:064}", generated_at=timezone.now())
        for n, (year, dataset, file_format) in enumerate(
            (year, dataset, file_format) for year in (None, 2024, 2025)
            for dataset in traffic.DATASETS for file_format in ("csv", "xlsx")
        )
    )  # fmt: skip
    for request in traffic.draw(classes["dataset"], seed=3):
        if request.path.startswith("/api/v1/datasets/?") or request.path == "/api/v1/datasets/":
            shown = client.get(request.path).json()["results"]
            assert [r["sha256"] for r in floor(request)] == [r["sha256"] for r in shown]


@pytest.mark.django_db
def test_the_benchmark_floors_read_the_rows_the_endpoints_show(client):
    """bench/floor.py's raw SQL runs on the current schema and reads the same rows as the
    portal (a floor reading other or fewer rows would flatter or wrong the ratios)."""
    values = _data(6)
    rows = {}
    with connection.cursor() as cursor:
        for endpoint in ENDPOINTS:
            sql, params = endpoint.floor_query()
            cursor.execute(sql.replace("{plan}", str(values["plan"])), params)
            columns = [column.name for column in cursor.description]
            rows[endpoint.name] = [
                dict(zip(columns, row, strict=True)) for row in cursor.fetchall()
            ]
            assert rows[endpoint.name], endpoint.name

    def api_ids(path, key="id"):
        return [item[key] for item in client.get(path).json()["results"]]

    assert [r["id"] for r in rows["api-commitments"]] == api_ids("/api/v1/commitments/")
    assert [r["id"] for r in rows["api-investment-plans"]] == api_ids("/api/v1/investment-plans/")
    assert [r["iso3"] for r in rows["api-member-states"]] == api_ids(
        "/api/v1/member-states/", "iso3"
    )
    regions = client.get("/api/v1/funding-gaps/").json()["rows"]
    assert {(r["region"], r["cost_usd"]) for r in rows["api-funding-gaps"]} == {
        (r["group"], Decimal(r["cost_usd"])) for r in regions
    }
    (plan_page,) = rows["plan-page"]
    assert len(plan_page["priorities"]) == len(plan_page["commitments"]) == 6
    (country,) = rows["country-page"]
    assert country["profile"]["answers"] and country["plan"]["id"] == values["plan"]
    assert len(country["resources"]) == 6
    (resource,) = rows["resource-detail"]
    assert resource["slug"] == values["resource"] and resource["languages"] == ["en", "fr"]


def _token(response):
    return re.search(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', response.content)


@pytest.mark.django_db
def test_anonymous_pages_are_cached_and_invalidated_by_the_services(
    response_cache, django_assert_num_queries, django_capture_on_commit_callbacks, secretariat
):
    resource = factories.ResourceFactory(title="Malaria surveillance toolkit", status="submitted")
    client = Client()
    first = client.get("/resources/")
    assert first["X-Response-Cache"] == "miss"
    assert b"Malaria surveillance toolkit" not in first.content
    with django_assert_num_queries(0):
        second = client.get("/resources/")
    assert second["X-Response-Cache"] == "hit"
    assert second.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        resource_services.publish_resource(resource=resource, by=secretariat)
    third = client.get("/resources/")
    assert third["X-Response-Cache"] == "miss"
    assert b"Malaria surveillance toolkit" in third.content


@pytest.mark.django_db
def test_each_requester_gets_their_own_csrf_token_from_a_cached_page(response_cache):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice.get("/countries/")
    page = bob.get("/countries/")
    assert page["X-Response-Cache"] == "hit"
    token = _token(page).group(1).decode()
    assert "__gidh_csrf_token__" not in page.content.decode()
    # Bob's token works with Bob's cookie: the language switcher posts.
    switched = bob.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


@pytest.mark.django_db
def test_language_is_part_of_the_key(response_cache):
    client = Client()
    english = client.get("/countries/")
    client.cookies["django_language"] = "fr"
    french = client.get("/countries/")
    assert french["X-Response-Cache"] == "miss"
    assert english.content != french.content
    assert 'lang="fr"' in french.content.decode()


@pytest.mark.django_db
def test_logged_in_users_and_api_tokens_are_never_served_from_the_cache(
    response_cache, client_for, focal_point_kenya
):
    Client().get("/countries/")
    response = client_for(focal_point_kenya).get("/countries/")
    assert "X-Response-Cache" not in response
    assert b"My country" in response.content
    api = Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/v1/member-states/")
    assert "X-Response-Cache" not in api


@pytest.mark.django_db
def test_admin_writes_bump_every_data_version(
    response_cache, client_for, secretariat, django_capture_on_commit_callbacks
):
    from gidh_portal.response_cache import data_versions

    before = data_versions()
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/investments/exchangerate/add/",
            {"currency": "KES", "year": 2031, "units_per_usd": "120", "source": "test"},
        )
    assert ExchangeRate.objects.filter(year=2031).exists()
    after = data_versions()
    assert all(b < a for b, a in zip(before, after, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True])
def test_conditional_get_answers_304(settings, own_cache, cached):
    settings.RESPONSE_CACHE = cached
    client = Client()
    response = client.get("/api/v1/member-states/")
    etag = response["ETag"]
    again = client.get("/api/v1/member-states/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    if cached:
        assert "Last-Modified" in response
        modified = client.get(
            "/api/v1/member-states/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
        )
        assert modified.status_code == 304
        cache.delete_many(VERSION_KEYS)


def test_orjson_renderer_writes_what_drf_writes():
    data = {
        "when": datetime.datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 3, 1),
        "amount": Decimal("12.50"),
        "label": gettext_lazy("Total"),
        "nested": [{"n": 1, "ok": True, "none": None, "text": "Côte d’Ivoire"}],
    }
    assert json.loads(ORJSONRenderer().render(data)) == json.loads(JSONRenderer().render(data))


@pytest.mark.django_db
def test_cached_report_archive_shows_a_newly_published_report(
    response_cache, django_capture_on_commit_callbacks
):
    from investments.models import ReportRun
    from investments.reports import services as report_services
    from investments.reports.periods import Period

    client = Client()
    period = str(Period.last_complete())
    link = f"/reports/global/{period}/".encode()
    assert link not in client.get("/reports/").content
    assert client.get("/reports/")["X-Response-Cache"] == "hit"

    run = ReportRun.objects.create(period=period, publish=True, trigger="command")
    with django_capture_on_commit_callbacks(execute=True):
        report_services.generate_period(run=run)
    archive = client.get("/reports/")
    assert archive["X-Response-Cache"] == "miss"
    assert link in archive.content


@pytest.mark.django_db
def test_cursor_pages_read_every_public_commitment_once(client, django_assert_max_num_queries):
    _data(7)
    expected = list(Commitment.objects.public().order_by("-pk").values_list("pk", flat=True))
    seen = []
    url = "/api/v1/commitments/?cursor=&page_size=3"
    while url:
        with django_assert_max_num_queries(1):  # the page only: no count
            body = client.get(url).json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == expected
    # Without `cursor`, page numbers and the count as before.
    assert client.get("/api/v1/commitments/?page_size=3").json()["count"] == len(expected)
