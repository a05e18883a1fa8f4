"""The hand-computed money fixture of the investments tests: three currencies, two years.

Rates (units per USD), set by the test:  KES 130 / 125, EUR 0.9 / 0.8, JPY 150 / 140 (2024 / 2025).

Kenya, plan A in KES, 2024–2025 (approved, AFR):
  A1 (component 1): 1,300,000 (2024 → 10,000.00 USD) + 1,000,000 (2025 → 8,000.00)
  A2 (component 5):   650,000 (2024 →  5,000.00 USD) +   250,000 (2025 → 2,000.00)
  C1 → A1: 900.00 EUR 2024 committed: 1,000.00 USD; 900 × 130 / 0.9 = 130,000.00 KES
  C5 → A1: 333.33 EUR 2025 committed, in kind: 416.6625 → 416.66 USD; × 125 / 0.8 = 52,082.81 KES
  C2 → A2: 280,000 JPY 2025 committed: 2,000.00 USD = 250,000.00 KES;
           disbursed 140,000 JPY: 1,000.00 USD = 125,000.00 KES
  C3 → plan A: 100,000.00 KES 2025 committed (domestic): 800.00 USD
  C4 → A1: 1,000 EUR 2025 committed but NOT verified: left out everywhere
France, plan B in EUR, 2024–2025 (approved, EUR):
  B1 (component 1): 90,000.00 (2024 → 100,000.00 USD) + 8,000.01 (2025 → 10,000.0125 → 10,000.01)
  C6 → B1: 1,500,000 JPY 2024 committed: 10,000.00 USD; × 0.9 / 150 = 9,000.00 EUR
Japan, plan C in JPY (draft): left out everywhere.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from investments.models import ExchangeRate
from members.models import MemberState

from .. import factories

RATES = {
    ("KES", 2024): "130",
    ("KES", 2025): "125",
    ("EUR", 2024): "0.9",
    ("EUR", 2025): "0.8",
    ("JPY", 2024): "150",
    ("JPY", 2025): "140",
}


def _commit(
    plan,
    *,
    priority=None,
    currency,
    year,
    committed,
    disbursed=None,
    verified=True,
    organization=True,
    kind="cash",
):
    status = "disbursed" if disbursed else "committed"
    return factories.CommitmentFactory(
        plan=plan,
        priority=priority,
        organization=factories.OrganizationFactory() if organization else None,
        kind=kind,
        description="Two health information system architects for a year"
        if kind == "in_kind"
        else "",
        in_kind_type="personnel" if kind == "in_kind" else "",
        currency=currency,
        year=year,
        status=status,
        pledged_amount=D(committed),
        pledged_on=datetime.date(year, 1, 10),
        committed_amount=D(committed),
        committed_on=datetime.date(year, 2, 10),
        disbursed_amount=D(disbursed) if disbursed else None,
        disbursed_on=datetime.date(year, 3, 10) if disbursed else None,
        verified_at=timezone.now() if verified else None,
    )


@pytest.fixture
def money(db):
    for (currency, year), rate in RATES.items():
        ExchangeRate.objects.update_or_create(
            currency=currency, year=year, defaults={"units_per_usd": D(rate)}
        )
    plan_a = factories.InvestmentPlanFactory(
        member_state=MemberState.objects.get(iso3="KEN"),
        currency="KES",
        start_year=2024,
        end_year=2025,
        status="approved",
    )
    a1 = factories.PriorityFactory(plan=plan_a, rank=1, component_id=1)
    a2 = factories.PriorityFactory(plan=plan_a, rank=2, component_id=5)
    factories.PriorityCostFactory(priority=a1, year=2024, amount=D("1300000.00"))
    factories.PriorityCostFactory(priority=a1, year=2025, amount=D("1000000.00"))
    factories.PriorityCostFactory(priority=a2, year=2024, amount=D("650000.00"))
    factories.PriorityCostFactory(priority=a2, year=2025, amount=D("250000.00"))
    _commit(plan_a, priority=a1, currency="EUR", year=2024, committed="900.00")
    _commit(plan_a, priority=a1, currency="EUR", year=2025, committed="333.33", kind="in_kind")
    _commit(plan_a, priority=a2, currency="JPY", year=2025, committed="280000", disbursed="140000")
    _commit(plan_a, currency="KES", year=2025, committed="100000.00", organization=False)
    _commit(plan_a, priority=a1, currency="EUR", year=2025, committed="1000", verified=False)

    plan_b = factories.InvestmentPlanFactory(
        member_state=MemberState.objects.get(iso3="FRA"),
        currency="EUR",
        start_year=2024,
        end_year=2025,
        status="approved",
    )
    b1 = factories.PriorityFactory(plan=plan_b, rank=1, component_id=1)
    factories.PriorityCostFactory(priority=b1, year=2024, amount=D("90000.00"))
    factories.PriorityCostFactory(priority=b1, year=2025, amount=D("8000.01"))
    _commit(plan_b, priority=b1, currency="JPY", year=2024, committed="1500000")

    plan_c = factories.InvestmentPlanFactory(
        member_state=MemberState.objects.get(iso3="JPN"),
        currency="JPY",
        start_year=2024,
        end_year=2025,
        status="draft",
    )
    c1 = factories.PriorityFactory(plan=plan_c, rank=1, component_id=1)
    factories.PriorityCostFactory(priority=c1, year=2024, amount=D("99999999.00"))
    return {"a": plan_a, "a1": a1, "a2": a2, "b": plan_b, "b1": b1, "c": plan_c}
