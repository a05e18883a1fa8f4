"""Totals and funding gaps on a hand-computed fixture: three currencies, two years of rates.

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

from investments.models import Commitment, ExchangeRate, InvestmentPlan, Priority, funding_gaps
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


def _figures(obj, *names):
    return tuple(getattr(obj, name) for name in names)


FIELDS = (
    "cost",
    "cost_usd",
    "committed",
    "committed_usd",
    "disbursed",
    "disbursed_usd",
    "gap",
    "gap_usd",
)


def test_priority_totals_match_the_hand_computation(money):
    rows = {p.pk: p for p in Priority.objects.with_totals()}
    assert _figures(rows[money["a1"].pk], *FIELDS) == (
        D("2300000.00"),
        D("18000.00"),
        D("182082.81"),
        D("1416.66"),
        D("0.00"),
        D("0.00"),
        D("2117917.19"),
        D("16583.34"),
    )
    assert _figures(rows[money["a2"].pk], *FIELDS) == (
        D("900000.00"),
        D("7000.00"),
        D("250000.00"),
        D("2000.00"),
        D("125000.00"),
        D("1000.00"),
        D("650000.00"),
        D("5000.00"),
    )
    assert _figures(rows[money["b1"].pk], *FIELDS) == (
        D("98000.01"),
        D("110000.01"),
        D("9000.00"),
        D("10000.00"),
        D("0.00"),
        D("0.00"),
        D("89000.01"),
        D("100000.01"),
    )
    assert rows[money["a2"].pk].undisbursed_gap_usd == D("6000.00")


def test_plan_totals_match_the_hand_computation(money):
    plans = {p.pk: p for p in InvestmentPlan.objects.with_totals()}
    assert _figures(plans[money["a"].pk], *FIELDS) == (
        D("3200000.00"),
        D("25000.00"),
        D("532082.81"),
        D("4216.66"),
        D("125000.00"),
        D("1000.00"),
        D("2667917.19"),
        D("20783.34"),
    )
    assert _figures(plans[money["b"].pk], *FIELDS) == (
        D("98000.01"),
        D("110000.01"),
        D("9000.00"),
        D("10000.00"),
        D("0.00"),
        D("0.00"),
        D("89000.01"),
        D("100000.01"),
    )
    assert plans[money["a"].pk].cost_rates_missing == 0
    assert plans[money["a"].pk].commitment_rates_missing == 0


def _usd(row):
    return (row["cost_usd"], row["committed_usd"], row["disbursed_usd"], row["gap_usd"])


def test_gaps_by_region_component_member_state_and_global(money):
    regions = funding_gaps("region")
    assert _usd(regions["AFR"]) == (D("25000.00"), D("4216.66"), D("1000.00"), D("20783.34"))
    assert _usd(regions["EUR"]) == (D("110000.01"), D("10000.00"), D("0.00"), D("100000.01"))
    assert set(regions) == {"AFR", "EUR"}

    components = funding_gaps("component")
    assert _usd(components[1]) == (D("128000.01"), D("11416.66"), D("0.00"), D("116583.35"))
    assert _usd(components[5]) == (D("7000.00"), D("2000.00"), D("1000.00"), D("5000.00"))
    # Support to a plan as a whole has no component: its own row, so totals still agree.
    assert _usd(components[None]) == (D("0.00"), D("800.00"), D("0.00"), D("-800.00"))

    countries = funding_gaps("member_state")
    assert _usd(countries["KEN"]) == _usd(regions["AFR"])
    assert _usd(countries["FRA"]) == _usd(regions["EUR"])

    total = funding_gaps("global")[None]
    assert _usd(total) == (D("135000.01"), D("14216.66"), D("1000.00"), D("120783.35"))
    for grouping in (regions, components, countries):
        for i, field in enumerate(("cost_usd", "committed_usd", "disbursed_usd", "gap_usd")):
            assert sum(row[field] for row in grouping.values()) == _usd(total)[i]


def test_missing_rate_is_excluded_and_counted_never_one_or_zero(money):
    ExchangeRate.objects.filter(currency="EUR", year=2025).delete()
    plans = {p.pk: p for p in InvestmentPlan.objects.with_totals()}
    plan_a = plans[money["a"].pk]
    # C5 (333.33 EUR of 2025) has no rate: out of the USD and KES totals, flagged.
    assert plan_a.committed_usd == D("3800.00")
    assert plan_a.committed == D("480000.00")
    assert plan_a.commitment_rates_missing == 1
    plan_b = plans[money["b"].pk]
    assert plan_b.cost_usd == D("100000.00")
    assert plan_b.cost == D("98000.01")
    assert plan_b.cost_rates_missing == 1
    total = funding_gaps("global")[None]
    assert total["cost_rates_missing"] == 1
    assert total["commitment_rates_missing"] == 1
    assert total["cost_usd"] == D("125000.00")


def test_amounts_are_decimals(money):
    plan = InvestmentPlan.objects.with_totals().get(pk=money["a"].pk)
    assert all(isinstance(getattr(plan, f), D) for f in FIELDS)
    assert Commitment.objects.counted().count() == 5
