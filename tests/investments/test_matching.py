"""Matches: which open offers fit which open priorities of published plans, their ranking and
their reasons, on the pages and in the API, for every role."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from investments import matching
from investments.models import Invitation, Offer, Priority
from members.models import MemberState

from .. import factories
from .matching_fixtures import make_ask, make_offer

ROLES = ("anonymous", "partner", "focal_point_kenya", "focal_point_france", "secretariat")


@pytest.fixture
def cast(anonymous, partner, focal_point_kenya, focal_point_france, secretariat):
    return {
        "anonymous": anonymous,
        "partner": partner,
        "focal_point_kenya": focal_point_kenya,
        "focal_point_france": focal_point_france,
        "secretariat": secretariat,
    }


@pytest.fixture
def ask(kenya):
    return make_ask(kenya)


def _ids(matches):
    return [match.offer.title for match in matches]


@pytest.mark.django_db
def test_offer_sharing_intervention_and_region_ranks_above_one_sharing_neither(ask, partner):
    organization = partner.organization
    make_offer(organization, title="Component only, anywhere", components=[1])
    make_offer(
        organization, title="Same intervention, AFR", interventions=["2.2.4"], regions=["AFR"]
    )
    make_offer(organization, title="Nothing shared", interventions=["1.1.1"], components=[3])

    matches = matching.matches_of_priority(ask)

    assert _ids(matches) == ["Same intervention, AFR", "Component only, anywhere"]
    best, other = matches
    assert best.score > other.score
    # 35 (intervention) + 10 (region) + 10 (both costed years covered); no capacity.
    assert best.points == {
        "intervention": 35,
        "component": 0,
        "geography": 10,
        "years": D("10.0"),
        "capacity": 0,
    }
    assert best.score == D("55.0")
    # 20 (component) + 5 (every country) + 10 (years).
    assert other.score == D("35.0")


@pytest.mark.django_db
def test_reasons_name_the_shared_attributes(ask, partner):
    make_offer(
        partner.organization,
        interventions=["2.2.4"],
        components=[1],
        regions=["AFR"],
        capacity="500000.00",
    )
    [match] = matching.matches_of_priority(ask)
    reasons = {reason["code"]: reason for reason in match.reasons}
    assert reasons["interventions"]["interventions"] == ["2.2.4"]
    assert reasons["component"]["component"] == 1
    assert reasons["geography"]["scope"] == "region" and reasons["geography"]["who_region"] == "AFR"
    assert reasons["capacity"]["capacity_usd"] == D("500000.00")
    assert reasons["capacity"]["gap_usd"] == D("1200000.00")
    assert match.summary.startswith("same intervention 2.2.4; same GDHM component: ")
    assert "works in the African Region" in match.summary
    assert match.summary.endswith("capacity USD\xa0500,000 for a gap of USD\xa01.2M")
    # 35 + 20 + 10 + 10 + 10 × 500,000 / 1,200,000 = 79.2
    assert match.score == D("79.2")


@pytest.mark.django_db
def test_reasons_are_in_the_active_language(ask, partner):
    make_offer(partner.organization, interventions=["2.2.4"], capacity="500000.00")
    [match] = matching.matches_of_priority(ask)
    with translation.override("fr"):
        summary = match.summary
    # The money helper's French pattern, whatever the catalogue holds for the phrases.
    assert "500\u202f000\xa0USD" in summary and "1,2\xa0M\xa0USD" in summary


@pytest.mark.django_db
def test_geography_member_state_region_everywhere_and_elsewhere(ask, partner, france):
    organization = partner.organization
    make_offer(organization, title="Kenya", components=[1], member_states=["KEN"])
    make_offer(organization, title="Africa", components=[1], regions=["AFR"])
    make_offer(organization, title="Anywhere", components=[1])
    make_offer(organization, title="France only", components=[1], member_states=["FRA"])
    make_offer(organization, title="Europe only", components=[1], regions=["EUR"])
    matches = matching.matches_of_priority(ask)
    assert _ids(matches) == ["Kenya", "Africa", "Anywhere"]
    assert [match.geography for match in matches] == ["member_state", "region", "everywhere"]


@pytest.mark.django_db
def test_years_must_overlap_the_plan_and_count_the_costed_years(ask, partner):
    organization = partner.organization
    make_offer(
        organization, title="Before the plan", components=[1], first_year=2020, last_year=2023
    )
    make_offer(
        organization, title="One costed year", components=[1], first_year=2026, last_year=2030
    )
    [match] = matching.matches_of_priority(ask)
    assert match.offer.title == "One costed year"
    assert (match.covered_years, match.costed_years, match.points["years"]) == (1, 2, D("5.0"))


@pytest.mark.django_db
def test_capacity_points_are_capped_at_the_gap(ask, partner):
    make_offer(partner.organization, components=[1], kind="cash", capacity="5000000.00")
    [match] = matching.matches_of_priority(ask)
    assert match.points["capacity"] == 10


@pytest.mark.django_db
@pytest.mark.parametrize("plan_status", ["draft", "submitted", "returned"])
def test_unpublished_plans_priorities_are_never_matched(
    kenya, partner, cast, client_for, plan_status
):
    priority = make_ask(kenya, status=plan_status, title="Leak: unpublished priority")
    offer = make_offer(partner.organization, interventions=["2.2.4"], components=[1])
    assert matching.matches_of_priority(priority) == []
    assert matching.matches_of_offer(offer) == []
    assert matching.asks_for_organization(partner.organization) == []
    for role, user in cast.items():
        client = client_for(user)
        assert client.get(f"/api/v1/priorities/{priority.pk}/matches/").status_code == 404, role
        assert client.get(f"/investments/priorities/{priority.pk}/matches/").status_code == 404
        answer = client.get(f"/api/v1/offers/{offer.pk}/matches/").json()
        assert answer == {"count": 0, "results": []}, role
        if user.is_authenticated:
            page = client.get("/investments/invitations/").content.decode()
            assert "Leak: unpublished priority" not in page, role


@pytest.mark.django_db
@pytest.mark.parametrize("offer_status", ["draft", "closed"])
def test_draft_and_closed_offers_are_never_matched(ask, partner, cast, client_for, offer_status):
    offer = make_offer(
        partner.organization,
        title="Leak: offer not open",
        status=offer_status,
        interventions=["2.2.4"],
        components=[1],
    )
    assert matching.matches_of_priority(ask) == []
    assert matching.asks_for_organization(partner.organization) == []
    for role, user in cast.items():
        client = client_for(user)
        assert client.get(f"/api/v1/offers/{offer.pk}/matches/").status_code == 404, role
        api = client.get(f"/api/v1/priorities/{ask.pk}/matches/").json()
        assert api == {"count": 0, "results": []}, role
        page = client.get(f"/investments/priorities/{ask.pk}/matches/").content.decode()
        assert "Leak: offer not open" not in page, role
        needs = client.get("/investments/needs/").content.decode()
        assert "Leak: offer not open" not in needs, role


@pytest.mark.django_db
def test_a_funded_priority_has_no_matches(ask, partner, secretariat):
    make_offer(partner.organization, components=[1])
    assert matching.matches_of_priority(ask) != []
    commitment = factories.CommitmentFactory(
        plan=ask.plan,
        priority=ask,
        currency="USD",
        year=2025,
        status="committed",
        pledged_amount="1200000.00",
        committed_amount="1200000.00",
        committed_on="2025-03-01",
        verified_by=secretariat,
        verified_at="2025-03-02T00:00:00Z",
    )
    assert commitment.pk and matching.matches_of_priority(ask) == []


@pytest.mark.django_db
def test_api_priority_matches_lists_the_best_with_reasons(ask, partner, client):
    organization = partner.organization
    for number in range(12):
        make_offer(organization, title=f"Offer {number:02}", components=[1])
    best = make_offer(
        organization, title="Best", interventions=["2.2.4"], regions=["AFR"], capacity="500000.00"
    )
    answer = client.get(f"/api/v1/priorities/{ask.pk}/matches/").json()
    assert answer["count"] == 13 and len(answer["results"]) == matching.SHOWN
    first = answer["results"][0]
    assert first["offer"]["id"] == best.pk
    assert first["offer"]["organization"] == {"id": organization.pk, "name": organization.name}
    assert first["priority"]["id"] == ask.pk and first["priority"]["member_state"] == "KEN"
    assert first["score"] == "59.2" and first["gap_usd"] == "1200000.00"
    codes = [reason["code"] for reason in first["reasons"]]
    assert codes == ["interventions", "geography", "years", "capacity"]
    assert first["reasons"][0]["interventions"] == ["2.2.4"]
    assert first["reasons"][1]["who_region"] == "AFR"
    assert first["reasons"][3]["capacity_usd"] == "500000.00"
    assert "same intervention 2.2.4" in first["summary"]


@pytest.mark.django_db
def test_api_offer_matches_ranks_the_asks(partner, kenya, client):
    nigeria = MemberState.objects.get(iso3="NGA")
    near = make_ask(kenya, title="Kenya ask")
    far = make_ask(nigeria, title="Nigeria ask", interventions=("1.1.1",))
    offer = make_offer(
        partner.organization, interventions=["2.2.4"], components=[1], member_states=["KEN", "NGA"]
    )
    answer = client.get(f"/api/v1/offers/{offer.pk}/matches/").json()
    assert answer["count"] == 2
    assert [item["priority"]["id"] for item in answer["results"]] == [near.pk, far.pk]


@pytest.mark.django_db
def test_matches_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/priorities/{id}/matches/", "/api/v1/offers/{id}/matches/"):
        assert path in schema["paths"], path


@pytest.mark.django_db
def test_matching_sql_names_the_models_tables():
    tables = {
        Priority._meta.db_table,
        Offer._meta.db_table,
        Offer.interventions.through._meta.db_table,
        Offer.components.through._meta.db_table,
        Offer.who_regions.through._meta.db_table,
        Offer.member_states.through._meta.db_table,
        Priority.interventions.through._meta.db_table,
        Priority.figures.related.related_model._meta.db_table,
    }
    assert all(table in matching.MATCH_SQL for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {matching.MATCH_SQL}", {**_parameters()})


def _parameters():
    return {
        **matching.WEIGHTS,
        "approved": "approved",
        "open": "open",
        "priorities": None,
        "offers": None,
        "organization": None,
        "per_priority": None,
        "per_offer": None,
        "limit": 10,
    }


@pytest.mark.django_db
def test_partner_page_lists_asks_that_fit_its_own_offers_only(ask, partner, client_for):
    make_offer(partner.organization, title="Our offer", interventions=["2.2.4"])
    other = factories.OrganizationFactory()
    make_offer(other, title="Their offer", interventions=["2.2.4"], regions=["AFR"])
    page = client_for(partner).get("/investments/invitations/").content.decode()
    assert "Asks that fit your offers" in page
    assert "Routine health data" in page and "Our offer" in page and "Their offer" not in page


@pytest.mark.django_db
def test_needs_tracker_counts_the_fitting_offers(ask, partner, client):
    make_offer(partner.organization, interventions=["2.2.4"])
    make_offer(partner.organization, components=[1])
    page = client.get("/investments/needs/").content.decode()
    assert f'href="/investments/priorities/{ask.pk}/matches/">Offers that fit: 2<' in page


def _many(kenya, partner, count):
    for number in range(count):
        make_ask(kenya, title=f"Ask {number}")
        make_offer(
            partner.organization,
            title=f"Offer {number}",
            interventions=["2.2.4"],
            regions=["AFR"],
            member_states=["KEN"],
            components=[1, 2],
        )


def _query_counts(clients, urls):
    counts = {}
    for role, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert clients[role].get(url).status_code == 200, url
        counts[url, role] = len(queries)
    return counts


@pytest.mark.django_db
def test_matches_pages_and_endpoints_are_bounded_in_queries(
    kenya, partner, focal_point_kenya, client_for
):
    """The same number of queries with 1 priority and 1 offer as with 15 of each (every pair
    fits), and few."""
    _many(kenya, partner, 1)
    priority = Priority.objects.order_by("pk").first()
    offer = Offer.objects.order_by("pk").first()
    Invitation.objects.create(priority=priority, offer=offer, invited_by=focal_point_kenya)
    clients = {
        "anonymous": client_for(None),
        "focal point": client_for(focal_point_kenya),
        "partner": client_for(partner),
    }
    urls = [
        ("anonymous", f"/api/v1/priorities/{priority.pk}/matches/"),
        ("anonymous", f"/api/v1/offers/{offer.pk}/matches/"),
        ("anonymous", f"/investments/priorities/{priority.pk}/matches/"),
        ("focal point", f"/investments/priorities/{priority.pk}/matches/"),
        ("anonymous", "/investments/needs/"),
        ("focal point", "/investments/invitations/"),
        ("partner", "/investments/invitations/"),
    ]
    few = _query_counts(clients, urls)
    _many(kenya, partner, 14)
    for other in Priority.objects.exclude(pk=priority.pk)[:5]:
        Invitation.objects.create(priority=other, offer=offer, invited_by=focal_point_kenya)
    many = _query_counts(clients, urls)
    assert many == few
    assert max(many.values()) <= 15, many
