"""The offers' pages: the public list (open offers only, filters, words, pages, bounded
queries), an offer's page (drafts and closed offers for their organization and the secretariat
only), and the organization's members creating, editing, opening and closing their offers."""

from decimal import Decimal as D

import pytest

from investments.models import ExchangeRate, Offer
from members.models import WhoRegion

from .. import factories

pytestmark = pytest.mark.django_db


def _form(**changes):
    return {
        "title": "Telemedicine training",
        "description": "Courses for nurses.",
        "kind": "training",
        "interventions": [],
        "components": ["4"],
        "who_regions": ["AFR"],
        "member_states": [],
        "first_year": "2025",
        "last_year": "2026",
        "capacity_amount": "",
        "currency": "",
        "contact_name": "Ada",
        "contact_email": "ada@partner.example.org",
        **changes,
    }


def test_list_shows_open_offers_only(client_for, partner, secretariat):
    org = partner.organization
    factories.OfferFactory(organization=org, title="Open offer")
    factories.OfferFactory(organization=org, title="Draft offer", status="draft")
    factories.OfferFactory(organization=org, title="Closed offer", status="closed")
    for user in (None, partner, secretariat):
        html = client_for(user).get("/offers/").content.decode()
        assert "Open offer" in html and "Draft offer" not in html and "Closed offer" not in html
        assert "1 open offer" in html


def test_list_filters_and_words(client):
    africa = factories.OfferFactory(title="Africa training", kind="training")
    africa.who_regions.set([WhoRegion.objects.get(pk="AFR")])
    europe = factories.OfferFactory(title="Europe equipment", kind="equipment", last_year=2030)
    europe.who_regions.set([WhoRegion.objects.get(pk="EUR")])

    def shown(query):
        response = client.get("/offers/", query)
        assert response.status_code == 200
        html = response.content.decode()
        return {t for t in ("Africa training", "Europe equipment") if t in html}

    assert shown({"region": "AFR"}) == {"Africa training"}
    assert shown({"member_state": "FRA"}) == {"Europe equipment"}
    assert shown({"kind": "equipment"}) == {"Europe equipment"}
    assert shown({"year": "2029"}) == {"Europe equipment"}
    assert shown({"q": "training"}) == {"Africa training"}
    assert client.get("/offers/", {"year": "1200"}).status_code == 400
    assert client.get("/offers/", {"region": "MARS"}).status_code == 400


def test_list_is_paged_with_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(45):
        offer = factories.OfferFactory(title=f"Paged offer {n}")
        offer.member_states.set(["KEN"])
    client.get("/offers/")
    with django_assert_max_num_queries(6):
        first = client.get("/offers/", {"member_state": "KEN", "q": "paged", "year": "2026"})
    assert "45 open offers" in first.content.decode() and "Page 1 of 3" in first.content.decode()
    with django_assert_max_num_queries(6):
        assert client.get("/offers/", {"page": 3}).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("focal_point_kenya", 404), ("partner", 200), ("secretariat", 200)],
)
def test_a_draft_is_seen_only_by_its_organization_and_the_secretariat(
    request, client_for, partner, role, status
):
    draft = factories.OfferFactory(organization=partner.organization, status="draft")
    closed = factories.OfferFactory(organization=partner.organization, status="closed")
    client = client_for(request.getfixturevalue(role))
    assert client.get(f"/offers/{draft.pk}/").status_code == status
    assert client.get(f"/offers/{closed.pk}/").status_code == status


def test_detail_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    offer = factories.OfferFactory()
    offer.member_states.set(["KEN", "FRA", "BRA"])
    with django_assert_max_num_queries(6):
        response = client.get(f"/offers/{offer.pk}/")
    assert "Kenya" in response.content.decode()


def test_partner_creates_edits_opens_and_closes_an_offer(client_for, partner):
    ExchangeRate.objects.update_or_create(
        currency="EUR", year=2025, defaults={"units_per_usd": D("0.8")}
    )
    client = client_for(partner)
    assert client.get("/offers/new/").status_code == 200
    response = client.post(
        "/offers/new/", _form(status="draft", capacity_amount="800.00", currency="EUR")
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/offers/{offer.pk}/"
    assert offer.organization == partner.organization and offer.capacity_usd == D("1000.00")
    assert [r.pk for r in offer.who_regions.all()] == ["AFR"]
    page = client.get(f"/offers/{offer.pk}/").content.decode()
    assert "Open the offer" in page and "Edit the offer" in page

    edit = client.get(f"/offers/{offer.pk}/edit/").content.decode()
    assert 'value="Telemedicine training"' in edit
    client.post(f"/offers/{offer.pk}/edit/", _form(version="1", title="Renamed"))
    offer.refresh_from_db()
    assert offer.title == "Renamed" and offer.version == 2 and offer.capacity_usd is None

    client.post(f"/offers/{offer.pk}/open/", {"version": "2"})
    offer.refresh_from_db()
    assert offer.status == "open"
    client.post(f"/offers/{offer.pk}/close/", {"version": "3"})
    offer.refresh_from_db()
    assert offer.status == "closed"
    mine = client.get("/offers/mine/").content.decode()
    assert "Renamed" in mine and "Closed" in mine


def test_form_errors_are_summarised_and_a_stale_edit_is_refused(client_for, partner):
    client = client_for(partner)
    response = client.post("/offers/new/", _form(kind="cash", last_year="2020", status="open"))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert 'href="#id_last_year"' in html
    assert not Offer.objects.exists()
    offer = factories.OfferFactory(organization=partner.organization)
    client.post(f"/offers/{offer.pk}/edit/", _form(version="1", title="First"))
    stale = client.post(f"/offers/{offer.pk}/edit/", _form(version="1", title="Second"))
    assert "changed by someone else" in stale.content.decode()
    offer.refresh_from_db()
    assert offer.title == "First"


def test_only_the_organizations_members_manage_its_offers(client_for, focal_point_kenya, partner):
    offer = factories.OfferFactory()  # another organization's
    client = client_for(partner)
    assert client.get(f"/offers/{offer.pk}/edit/").status_code == 404
    assert client.post(f"/offers/{offer.pk}/close/", {"version": "1"}).status_code == 404
    assert client_for(focal_point_kenya).get("/offers/new/").status_code == 404
    assert client_for(focal_point_kenya).get("/offers/mine/").status_code == 403
    offer.refresh_from_db()
    assert offer.status == "open"


def test_partners_find_their_offers_from_their_account(client_for, partner, focal_point_kenya):
    assert "/offers/mine/" in client_for(partner).get("/account/").content.decode()
    assert "/offers/mine/" not in client_for(focal_point_kenya).get("/account/").content.decode()
