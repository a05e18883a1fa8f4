"""Offers' services: who may write an organization's offers, versions, the capacity in USD."""

from decimal import Decimal as D

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from investments import permissions, services
from investments.models import ExchangeRate, Offer
from members.models import GdhmComponent, WhoRegion
from members.workflow import IllegalTransition, StaleVersion
from resources.models import DigitalHealthIntervention

from .. import factories

pytestmark = pytest.mark.django_db


def _offer(partner, **overrides):
    data = {
        "title": "Interoperability support",
        "description": "Experts for a shared health record.",
        "kind": Offer.Kind.CASH,
        "first_year": 2024,
        "last_year": 2026,
        "capacity_amount": D("1300000.00"),
        "currency": "kes",
        "contact_name": "Ada",
        "contact_email": "ada@partner.example.org",
    }
    data.update(overrides)
    return services.create_offer(organization=partner.organization, by=partner, **data)


@pytest.fixture
def kes_rates():
    for year, rate in ((2024, "130"), (2025, "125")):
        ExchangeRate.objects.update_or_create(
            currency="KES", year=year, defaults={"units_per_usd": D(rate)}
        )
    ExchangeRate.objects.filter(currency="KES", year__gt=2025).delete()


def test_create_offer_stores_the_capacity_in_usd_at_the_first_years_rate(partner, kes_rates):
    offer = _offer(partner)
    assert offer.currency == "KES" and offer.status == "draft" and offer.version == 1
    assert offer.capacity_usd == D("10000.00")  # 1,300,000 KES at 130 per USD (2024)
    assert offer.organization == partner.organization and offer.created_by == partner


def test_capacity_usd_rounds_to_the_cent_and_is_one_to_one_in_dollars(partner, kes_rates):
    assert _offer(partner, capacity_amount=D("1000.00"), first_year=2025).capacity_usd == D("8.00")
    assert _offer(partner, capacity_amount=D("100.01"), first_year=2024).capacity_usd == D(
        "0.77"
    )  # 0.76930… rounded
    assert _offer(partner, currency="USD", capacity_amount=D("500.50")).capacity_usd == D("500.50")


def test_capacity_usd_past_the_last_rate_is_converted_at_the_latest_one(partner, kes_rates):
    offer = _offer(partner, first_year=2030, last_year=2031)
    assert offer.capacity_usd == D("10400.00")  # 1,300,000 at the 2025 rate (125): provisional


def test_capacity_usd_is_null_when_the_rate_is_missing(partner):
    ExchangeRate.objects.filter(currency="CHF").delete()
    offer = _offer(partner, currency="CHF")
    assert offer.capacity_amount == D("1300000.00") and offer.capacity_usd is None


def test_in_kind_offer_may_have_no_capacity(partner):
    offer = _offer(partner, kind=Offer.Kind.TRAINING, capacity_amount=None, currency="EUR")
    assert offer.capacity_usd is None and offer.currency == ""


def test_create_offer_refuses_broken_rules(partner):
    with pytest.raises(ValidationError) as error:
        _offer(partner, capacity_amount=None)
    assert "capacity_amount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _offer(partner, first_year=2027, last_year=2025)
    assert "last_year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _offer(partner, currency="ZZZ")
    assert "currency" in error.value.message_dict
    with pytest.raises(ValidationError):
        _offer(partner, status=Offer.Status.CLOSED)
    assert not Offer.objects.exists()


def test_create_offer_sets_its_relations(partner):
    intervention = DigitalHealthIntervention.objects.filter(version="v2").first()
    offer = _offer(
        partner,
        interventions=[intervention],
        components=[GdhmComponent.objects.get(pk=5)],
        who_regions=[WhoRegion.objects.get(pk="AFR")],
    )
    assert list(offer.interventions.all()) == [intervention]
    assert [c.pk for c in offer.components.all()] == [5]
    assert [r.pk for r in offer.who_regions.all()] == ["AFR"]


def test_update_offer_bumps_the_version_and_recomputes_the_capacity(partner, kes_rates):
    offer = _offer(partner)
    offer = services.update_offer(
        offer=offer, by=partner, version=1, first_year=2025, components=[]
    )
    assert offer.version == 2 and offer.capacity_usd == D("10400.00")
    offer.refresh_from_db()
    assert offer.first_year == 2025 and offer.version == 2


def test_update_offer_refuses_a_stale_version(partner):
    offer = _offer(partner)
    services.update_offer(offer=offer, by=partner, version=1, title="First edit")
    with pytest.raises(StaleVersion):
        services.update_offer(offer=offer, by=partner, version=1, title="Second edit")
    offer.refresh_from_db()
    assert offer.title == "First edit" and offer.version == 2


def test_open_and_close_offer(partner):
    offer = _offer(partner)
    offer = services.open_offer(offer=offer, by=partner, version=1)
    assert offer.status == "open" and offer.version == 2
    with pytest.raises(IllegalTransition):
        services.open_offer(offer=offer, by=partner, version=2)
    offer = services.close_offer(offer=offer, by=partner, version=2)
    assert offer.status == "closed"
    with pytest.raises(StaleVersion):
        services.open_offer(offer=offer, by=partner, version=2)
    assert services.open_offer(offer=offer, by=partner, version=3).status == "open"


def test_offer_writes_are_audited(partner):
    offer = _offer(partner)
    services.open_offer(offer=offer, by=partner, version=1)
    events = apps.get_model("investments", "OfferEvent").objects.filter(pgh_obj=offer)
    assert [e.status for e in events.order_by("pgh_id")] == ["draft", "open"]


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("anonymous", False, False),
        ("partner", True, False),
        ("focal_point_kenya", False, False),
        ("secretariat", True, True),
    ],
)
def test_who_may_write_an_organizations_offers(request, role, own, other, partner):
    user = request.getfixturevalue(role)
    mine = factories.OfferFactory(organization=partner.organization)
    theirs = factories.OfferFactory()
    assert permissions.can_edit_offer(user, mine) is own
    assert permissions.can_edit_offer(user, theirs) is other
    assert permissions.can_create_offer(user, partner.organization) is own
    assert permissions.can_create_offer(user, theirs.organization) is other


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("anonymous", {"open"}),
        ("partner", {"open", "own draft", "own closed"}),
        ("focal_point_kenya", {"open"}),
        ("secretariat", {"open", "own draft", "own closed", "other draft"}),
    ],
)
def test_offers_visible_to_each_role(request, role, seen, partner):
    user = request.getfixturevalue(role)
    org = partner.organization
    factories.OfferFactory(organization=org, title="open")
    factories.OfferFactory(organization=org, title="own draft", status="draft")
    factories.OfferFactory(organization=org, title="own closed", status="closed")
    factories.OfferFactory(title="other draft", status="draft")
    titles = set(Offer.objects.visible_to(user).values_list("title", flat=True))
    assert titles == seen
