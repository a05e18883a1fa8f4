"""Offers and asks for the matching and invitation tests. `capacity_usd` is what the offer
services store; these fixtures set it directly."""

from decimal import Decimal

from investments.models import Offer
from resources.models import DigitalHealthIntervention

from .. import factories


def intervention(code):
    return DigitalHealthIntervention.objects.get(version="v2", code=code)


def make_offer(
    organization,
    *,
    title="An offer",
    status="open",
    kind="technical_assistance",
    interventions=(),
    components=(),
    regions=(),
    member_states=(),
    first_year=2024,
    last_year=2028,
    capacity=None,
    currency="USD",
    capacity_usd=None,
):
    """An offer of `organization`; `capacity` in `currency`, `capacity_usd` its USD value
    (defaults to `capacity` for a USD offer)."""
    if capacity is not None and capacity_usd is None and currency == "USD":
        capacity_usd = capacity
    offer = Offer.objects.create(
        organization=organization,
        title=title,
        kind=kind,
        first_year=first_year,
        last_year=last_year,
        capacity_amount=None if capacity is None else Decimal(capacity),
        currency=currency if capacity is not None else "",
        capacity_usd=None if capacity_usd is None else Decimal(capacity_usd),
        contact_name="Offers desk",
        contact_email="offers@partner.example.org",
        status=status,
    )
    offer.interventions.set([intervention(code) for code in interventions])
    offer.components.set(components)
    offer.who_regions.set(regions)
    offer.member_states.set(member_states)
    return offer


def make_ask(
    member_state,
    *,
    status="approved",
    component=1,
    interventions=("2.2.4",),
    costs=None,
    title="Routine health data",
    start_year=2024,
    end_year=2028,
):
    """A priority of a USD plan of `member_state` with its costs per year (a gap as large, no
    commitment)."""
    plan = factories.InvestmentPlanFactory(
        member_state=member_state,
        status=status,
        currency="USD",
        start_year=start_year,
        end_year=end_year,
    )
    priority = factories.PriorityFactory(plan=plan, rank=1, title=title, component_id=component)
    priority.interventions.set([intervention(code) for code in interventions])
    for year, amount in (costs or {2025: "600000.00", 2026: "600000.00"}).items():
        factories.PriorityCostFactory(priority=priority, year=year, amount=amount)
    return priority
