"""Totals and funding gaps on the hand-computed fixture of conftest.py (to the cent)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from investments.models import (
    CONVERSION_NAMES,
    Commitment,
    ExchangeRate,
    InvestmentPlan,
    Priority,
    funding_gap_table,
    funding_gaps,
)

from .. import factories


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


@pytest.mark.parametrize("group_by", ["region", "component", "member_state", "global"])
def test_funding_gap_table_labels_the_groups_and_adds_them_up(money, group_by):
    with translation.override("fr"):
        rows, totals = funding_gap_table(group_by)
    groups = funding_gaps(group_by)
    assert [row["group"] for row in rows if row["group"] is not None] == sorted(
        (str(key) for key in groups if key is not None),
        key=lambda key: str(next(row["label"] for row in rows if row["group"] == key)),
    )
    labels = {row["group"]: row["label"] for row in rows}
    expected = {
        "region": {"AFR": "Région africaine", "EUR": "Région européenne"},
        "member_state": {"KEN": "Kenya", "FRA": "France"},
        "global": {None: "Tous les États membres"},
    }.get(group_by)
    if expected is not None:
        assert labels == expected
    else:
        assert labels[None] == "Soutien aux plans dans leur ensemble (sans priorité)"
    assert totals["gap_usd"] == funding_gaps("global")[None]["gap_usd"] == D("120783.35")


def test_missing_rate_is_excluded_and_counted_never_one_or_zero(money):
    # A gap between published years: EUR's 2024 rate is missing, 2025's is published.
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()
    plans = {p.pk: p for p in InvestmentPlan.objects.with_totals()}
    plan_a = plans[money["a"].pk]
    # C1 (900.00 EUR of 2024) has no rate: out of the USD and KES totals, flagged.
    assert plan_a.committed_usd == D("3216.66")
    assert plan_a.committed == D("402082.81")
    assert plan_a.commitment_rates_missing == 1
    assert plan_a.commitment_rates_provisional == 0
    plan_b = plans[money["b"].pk]
    # B1's 2024 cost (90,000.00 EUR) has no rate; C6 (JPY 2024) has no EUR amount.
    assert plan_b.cost_usd == D("10000.01")
    assert plan_b.cost == D("98000.01")
    assert plan_b.cost_rates_missing == 1
    assert plan_b.committed == D("0.00")
    assert plan_b.committed_usd == D("10000.00")
    assert plan_b.commitment_rates_missing == 1
    total = funding_gaps("global")[None]
    assert total["cost_rates_missing"] == 1
    assert total["commitment_rates_missing"] == 1  # USD figures: C1's own rate only
    assert total["cost_usd"] == D("35000.01")


def test_a_year_past_the_latest_rate_converts_at_it_provisionally(money):
    # EUR's latest published year becomes 2024: its 2025 amounts take 2024's rate (0.9).
    ExchangeRate.objects.filter(currency="EUR", year__gte=2025).delete()
    plans = {p.pk: p for p in InvestmentPlan.objects.with_totals()}
    plan_a = plans[money["a"].pk]
    # C5: 333.33 EUR / 0.9 = 370.37 USD; × 125 / 0.9 = 46,295.83 KES.
    assert plan_a.committed_usd == D("4170.37")
    assert plan_a.committed == D("526295.83")
    assert (plan_a.commitment_rates_missing, plan_a.commitment_rates_provisional) == (0, 1)
    plan_b = plans[money["b"].pk]
    # B1's 2025 cost: 8,000.01 EUR / 0.9 = 8,888.90 USD, provisional.
    assert plan_b.cost_usd == D("108888.90")
    assert (plan_b.cost_rates_missing, plan_b.cost_rates_provisional) == (0, 1)
    c5 = Commitment.objects.with_conversions().get(
        currency="EUR", year=2025, verified_at__isnull=False
    )
    assert (c5.rate, c5.rate_year, c5.rate_provisional, c5.plan_rate_provisional) == (
        D("0.9"),
        2024,
        True,
        True,
    )
    total = funding_gaps("global")[None]
    assert (total["cost_rates_provisional"], total["commitment_rates_provisional"]) == (1, 1)
    assert total["commitment_rates_missing"] == 0
    # Publishing the year's rate replaces the provisional conversion.
    ExchangeRate.objects.create(currency="EUR", year=2025, units_per_usd=D("0.8"))
    plan_a = InvestmentPlan.objects.with_totals().get(pk=money["a"].pk)
    assert plan_a.committed_usd == D("4216.66")
    assert plan_a.commitment_rates_provisional == 0
    c5 = Commitment.objects.with_conversions().get(pk=c5.pk)
    assert (c5.rate_year, c5.rate_provisional, c5.committed_usd) == (2025, False, D("416.66"))


def test_us_dollars_are_their_own_rate_in_every_year(money):
    latest = ExchangeRate.objects.order_by("-year").values_list("year", flat=True)[0]
    plan = factories.InvestmentPlanFactory(
        currency="USD", start_year=latest, end_year=latest + 3, status="approved"
    )
    factories.PriorityCostFactory(priority__plan=plan, year=latest + 3, amount=D("500.00"))
    commitment = factories.CommitmentFactory(
        plan=plan, currency="USD", year=latest + 3, pledged_amount=D("20.00")
    )
    totals = InvestmentPlan.objects.with_totals().get(pk=plan.pk)
    assert (totals.cost_usd, totals.cost_rates_provisional, totals.cost_rates_missing) == (
        D("500.00"),
        0,
        0,
    )
    row = Commitment.objects.with_conversions().get(pk=commitment.pk)
    assert (row.pledged_usd, row.rate_year, row.rate_provisional) == (D("20.00"), latest + 3, False)


def test_amounts_are_decimals(money):
    plan = InvestmentPlan.objects.with_totals().get(pk=money["a"].pk)
    assert all(isinstance(getattr(plan, f), D) for f in FIELDS)
    assert Commitment.objects.counted().count() == 5


def test_future_years_convert_at_the_latest_published_rate(money):
    latest = ExchangeRate.objects.order_by("-year").values_list("year", flat=True)[0]
    plan = factories.InvestmentPlanFactory(
        currency="KES", start_year=latest, end_year=latest + 3, status="approved"
    )
    priority = factories.PriorityFactory(plan=plan, rank=1)
    rate = ExchangeRate.objects.get(currency="KES", year=latest).units_per_usd
    factories.PriorityCostFactory(priority=priority, year=latest + 3, amount=rate * 1000)
    totals = InvestmentPlan.objects.with_totals().get(pk=plan.pk)
    assert totals.cost_usd == D("1000.00")
    assert (totals.cost_rates_missing, totals.cost_rates_provisional) == (0, 1)


def test_a_currency_without_rates_is_missing_not_one(money):
    plan = factories.InvestmentPlanFactory(currency="XYZ", status="approved")
    factories.PriorityCostFactory(priority__plan=plan, amount=D("500.00"))
    totals = InvestmentPlan.objects.with_totals().get(pk=plan.pk)
    assert totals.cost == D("500.00")
    assert totals.cost_usd == D("0.00")
    assert totals.cost_rates_missing == 1


def test_commitments_convert_at_their_years_rate_else_the_latest_published(money):
    """A commitment converts at its own year's rate, at its currency's latest published rate
    past it (provisional, even when other currencies have later years), and a year without a
    rate before the latest is missing; the stored conversion is what the ORM's rule gives."""
    latest = ExchangeRate.objects.order_by("-year").values_list("year", flat=True)[0]
    for year, units in ((latest - 4, "10"), (latest - 2, "20")):
        ExchangeRate.objects.create(currency="XTS", year=year, units_per_usd=D(units))
    plan = factories.InvestmentPlanFactory(currency="KES", status="approved")
    for year in (latest - 4, latest - 3, latest - 2, latest, latest + 2):
        factories.CommitmentFactory(
            plan=plan, currency="XTS", year=year, pledged_amount=D("1000.00"), verified_at=None
        )
    rows = Commitment.objects.filter(plan=plan).with_conversions().order_by("year")
    assert [(row.rate, row.rate_year, row.rate_provisional, row.pledged_usd) for row in rows] == [
        (D("10"), latest - 4, False, D("100.00")),
        (None, None, False, None),
        (D("20"), latest - 2, False, D("50.00")),
        (D("20"), latest - 2, True, D("50.00")),
        (D("20"), latest - 2, True, D("50.00")),
    ]
    assert all(row.committed_plan is None for row in rows if row.rate is None)
    computed = Commitment.objects.filter(plan=plan).with_computed_conversions().order_by("year")
    assert [[getattr(row, name) for name in CONVERSION_NAMES] for row in rows] == [
        [getattr(row, name) for name in CONVERSION_NAMES] for row in computed
    ]
