"""The offers API: open offers for everyone, an organization's own with `?mine=true`, writes
by the organization's members (400 with the field at fault, 403, 404, 409 on a stale version)."""

import json
from decimal import Decimal as D

import pytest

from investments.models import ExchangeRate, Offer
from members.models import GdhmComponent, WhoRegion
from resources.models import DigitalHealthIntervention

from .. import factories

pytestmark = pytest.mark.django_db

OFFERS = "/api/v1/offers/"


def body(**changes):
    return {
        "title": "Shared health record support",
        "description": "Engineers for two years.",
        "kind": "cash",
        "interventions": ["2.2.4"],
        "components": [5],
        "who_regions": ["AFR"],
        "member_states": [],
        "first_year": 2025,
        "last_year": 2027,
        "capacity_amount": "250000.00",
        "currency": "eur",
        "contact_name": "Ada",
        "contact_email": "ada@partner.example.org",
        **changes,
    }


def send(client, method, path, data):
    return getattr(client, method)(path, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def offers(partner):
    own = partner.organization
    open_offer = factories.OfferFactory(organization=own, title="Open offer of the partner")
    draft = factories.OfferFactory(organization=own, title="Draft of the partner", status="draft")
    closed = factories.OfferFactory(organization=own, title="Closed offer", status="closed")
    other_draft = factories.OfferFactory(title="Draft of another", status="draft")
    return {"open": open_offer, "draft": draft, "closed": closed, "other_draft": other_draft}


def _titles(response):
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ["anonymous", "partner", "focal_point_kenya", "secretariat"])
def test_list_shows_open_offers_only_to_everyone(request, role, client_for, offers):
    client = client_for(request.getfixturevalue(role))
    assert _titles(client.get(OFFERS)) == {"Open offer of the partner"}


def test_mine_lists_the_organizations_offers_in_every_status(client_for, partner, offers):
    client = client_for(partner)
    assert _titles(client.get(OFFERS, {"mine": "true"})) == {
        "Open offer of the partner",
        "Draft of the partner",
        "Closed offer",
    }
    assert _titles(client.get(OFFERS, {"mine": "true", "status": "draft"})) == {
        "Draft of the partner"
    }
    assert _titles(client_for(None).get(OFFERS, {"mine": "true"})) == set()
    assert client.get(OFFERS, {"mine": "maybe"}).status_code == 400


def test_detail_hides_drafts_from_other_organizations(
    client_for, partner, offers, focal_point_kenya
):
    draft = f"{OFFERS}{offers['draft'].pk}/"
    assert client_for(partner).get(draft).status_code == 200
    assert client_for(focal_point_kenya).get(draft).status_code == 404
    assert client_for(None).get(draft).status_code == 404
    other = f"{OFFERS}{offers['other_draft'].pk}/"
    assert client_for(partner).get(other).status_code == 404


def test_list_filters(client):
    kenya_only = factories.OfferFactory(
        title="Kenya only", kind="training", first_year=2030, last_year=2031
    )
    kenya_only.member_states.set(["KEN"])
    europe = factories.OfferFactory(title="Europe", kind="cash", capacity_amount=1, currency="USD")
    europe.who_regions.set([WhoRegion.objects.get(pk="EUR")])
    europe.components.set([GdhmComponent.objects.get(pk=5)])
    anywhere = factories.OfferFactory(title="Anywhere telemedicine", description="Remote care")
    intervention = DigitalHealthIntervention.objects.get(version="v2", code="2.2.4")
    anywhere.interventions.set([intervention])

    def titles(**query):
        return _titles(client.get(OFFERS, query))

    assert titles(member_state="ken") == {"Kenya only", "Anywhere telemedicine"}
    assert titles(who_region="AFR") == {"Kenya only", "Anywhere telemedicine"}
    assert titles(who_region="EUR") == {"Europe", "Anywhere telemedicine"}
    assert titles(member_state="FRA") == {"Europe", "Anywhere telemedicine"}
    assert titles(kind="training") == {"Kenya only"}
    assert titles(component=5) == {"Europe"}
    assert titles(intervention="2.2.4") == {"Anywhere telemedicine"}
    assert titles(year=2031) == {"Kenya only"}
    assert titles(search="remote TELEMEDICINE") == {"Anywhere telemedicine"}
    assert titles(search="nothing-like-it") == set()
    row = client.get(OFFERS, {"search": "telemedicine"}).json()["results"][0]
    assert row["interventions"] == ["2.2.4"] and row["who_regions"] == []
    assert client.get(OFFERS, {"who_region": "XYZ"}).status_code == 400
    assert client.get(OFFERS, {"year": "twenty"}).status_code == 400


def test_list_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(30):
        offer = factories.OfferFactory(title=f"Offer {n}")
        offer.member_states.set(["KEN", "FRA"])
        offer.who_regions.set(["AFR"])
    with django_assert_max_num_queries(3):
        response = client.get(OFFERS)
    assert response.json()["count"] == 30
    with django_assert_max_num_queries(3):
        client.get(OFFERS, {"member_state": "KEN", "search": "offer", "year": 2026})


def test_create_by_a_partner_member(client_for, partner):
    ExchangeRate.objects.update_or_create(
        currency="EUR", year=2025, defaults={"units_per_usd": D("0.8")}
    )
    response = send(client_for(partner), "post", OFFERS, body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["organization"] == partner.organization_id and data["status"] == "draft"
    assert data["currency"] == "EUR" and data["capacity_usd"] == "312500.00"
    assert data["interventions"] == ["2.2.4"] and data["components"] == [5]
    assert data["who_regions"] == ["AFR"] and data["version"] == 1


def test_create_is_refused_to_others(client_for, focal_point_kenya, secretariat, partner):
    assert send(client_for(None), "post", OFFERS, body()).status_code == 401
    assert send(client_for(focal_point_kenya), "post", OFFERS, body()).status_code == 403
    other = factories.OrganizationFactory()
    response = send(client_for(partner), "post", OFFERS, body(organization=other.pk))
    assert response.status_code == 403
    assert send(client_for(secretariat), "post", OFFERS, body()).status_code == 403
    response = send(client_for(secretariat), "post", OFFERS, body(organization=other.pk))
    assert response.status_code == 201 and response.json()["organization"] == other.pk
    assert Offer.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity_amount": None}, "capacity_amount"),
        ({"last_year": 2020}, "last_year"),
        ({"first_year": 1900}, "first_year"),
        ({"currency": "ZZZ"}, "currency"),
        ({"interventions": ["9.9.9"]}, "interventions"),
        ({"components": [8]}, "components"),
        ({"who_regions": ["MARS"]}, "who_regions"),
        ({"member_states": ["XXX"]}, "member_states"),
        ({"member_states": ["KEN"] * 300}, "member_states"),
        ({"kind": "gold"}, "kind"),
        ({"title": "x" * 201}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"status": "closed"}, "status"),
        ({"interventions": "2.2.4"}, "interventions"),
    ],
)
def test_create_refuses_bad_input_with_400_naming_the_field(client_for, partner, changes, field):
    response = send(client_for(partner), "post", OFFERS, body(**changes))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Offer.objects.exists()


def test_partial_update_open_and_close(client_for, partner, offers):
    client = client_for(partner)
    url = f"{OFFERS}{offers['draft'].pk}/"
    response = send(client, "patch", url, {"version": 1, "title": "Renamed"})
    assert response.status_code == 200 and response.json()["version"] == 2
    assert send(client, "patch", url, {"title": "No version"}).status_code == 400
    stale = send(client, "patch", url, {"version": 1, "title": "Stale"})
    assert stale.status_code == 409
    opened = send(client, "post", f"{url}open/", {"version": 2})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert send(client, "post", f"{url}open/", {"version": 3}).status_code == 409
    closed = send(client, "post", f"{url}close/", {"version": 3})
    assert closed.json()["status"] == "closed"
    assert Offer.objects.get(pk=offers["draft"].pk).title == "Renamed"


def test_put_replaces_the_fields(client_for, partner, offers):
    url = f"{OFFERS}{offers['open'].pk}/"
    response = send(client_for(partner), "put", url, body(version=1, kind="training"))
    assert response.status_code == 200, response.content
    assert response.json()["kind"] == "training" and response.json()["title"] == body()["title"]
    assert send(client_for(partner), "put", url, {"version": 2}).status_code == 400


def test_writes_by_others_are_403_or_404(client_for, focal_point_kenya, secretariat, offers):
    open_url = f"{OFFERS}{offers['open'].pk}/"
    draft_url = f"{OFFERS}{offers['draft'].pk}/"
    fp = client_for(focal_point_kenya)
    assert send(fp, "patch", open_url, {"version": 1, "title": "Mine"}).status_code == 403
    assert send(fp, "patch", draft_url, {"version": 1, "title": "Mine"}).status_code == 404
    assert send(fp, "post", f"{open_url}close/", {"version": 1}).status_code == 403
    assert send(client_for(None), "patch", open_url, {"version": 1}).status_code in (401, 403)
    staff = send(client_for(secretariat), "post", f"{draft_url}close/", {"version": 1})
    assert staff.status_code == 200
    assert Offer.objects.get(pk=offers["open"].pk).title == "Open offer of the partner"
