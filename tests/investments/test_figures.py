"""The stored plan and priority figures stay exactly what the computed QuerySets give, after
every kind of write: services, the admin, bulk inserts, queryset updates and deletes."""

import datetime
import threading
import time
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from investments import services
from investments.models import (
    CONVERSION_NAMES,
    COST_CONVERSION_NAMES,
    FIGURE_NAMES,
    Commitment,
    CommitmentConversion,
    ExchangeRate,
    InvestmentPlan,
    PlanFigures,
    Priority,
    PriorityCost,
    PriorityCostConversion,
    PriorityFigures,
    figures_refreshed_once,
    funding_gaps,
)
from members.models import GdhmComponent

from .. import factories

NAMES = (*FIGURE_NAMES, "gap", "gap_usd")
GROUPS = ("region", "component", "member_state", "global")


def _rows(queryset):
    return {row.pk: tuple(getattr(row, name) for name in NAMES) for row in queryset}


def _conversions(queryset, names):
    return {row.pk: tuple(getattr(row, name) for name in names) for row in queryset}


def assert_figures_exact():
    # Each stored conversion is what the ORM's rule gives, one per cost and commitment…
    assert _conversions(Commitment.objects.with_conversions(), CONVERSION_NAMES) == _conversions(
        Commitment.objects.with_computed_conversions(), CONVERSION_NAMES
    )
    assert _conversions(PriorityCost.objects.with_usd(), COST_CONVERSION_NAMES) == _conversions(
        PriorityCost.objects.with_computed_usd(), COST_CONVERSION_NAMES
    )
    assert CommitmentConversion.objects.count() == Commitment.objects.count()
    assert PriorityCostConversion.objects.count() == PriorityCost.objects.count()
    # …and the stored figures are the sums of the ORM's conversions.
    assert _rows(InvestmentPlan.objects.with_totals()) == _rows(
        InvestmentPlan.objects.with_computed_totals()
    )
    assert _rows(Priority.objects.with_totals()) == _rows(Priority.objects.with_computed_totals())
    assert PlanFigures.objects.count() == InvestmentPlan.objects.count()
    assert PriorityFigures.objects.count() == Priority.objects.count()
    # Each priority's figures keep its component (the funding gaps by component group by it).
    assert dict(PriorityFigures.objects.values_list("priority_id", "component_id")) == dict(
        Priority.objects.values_list("pk", "component_id")
    )
    for group in GROUPS:
        # An empty filter takes the computed path: every cost and commitment converted.
        assert funding_gaps(group) == funding_gaps(group, cost_filter=Q(), commitment_filter=Q())


def test_stored_figures_are_the_hand_computed_ones(money):
    plan = InvestmentPlan.objects.with_totals().get(pk=money["a"].pk)
    assert (plan.cost_usd, plan.committed_usd, plan.gap) == (
        D("25000.00"),
        D("4216.66"),
        D("2667917.19"),
    )
    stored = PlanFigures.objects.get(plan=money["a"])
    assert (stored.committed, stored.commitment_count, stored.cost_count) == (
        D("532082.81"),
        4,
        4,
    )
    assert_figures_exact()


def test_services_keep_the_figures_exact(money, partner, secretariat):
    plan = money["a"]
    commitment = services.record_commitment(
        plan=plan,
        by=partner,
        organization=partner.organization,
        priority=money["a2"],
        kind="cash",
        currency="EUR",
        year=2024,
        amount="450.00",
        pledged_on=datetime.date(2024, 5, 1),
    )
    assert_figures_exact()
    services.advance_commitment(
        commitment=commitment,
        by=partner,
        amount="450.00",
        on=datetime.date(2024, 6, 1),
        version=commitment.version,
    )
    commitment.refresh_from_db()
    services.verify_commitment(commitment=commitment, by=secretariat, version=commitment.version)
    commitment.refresh_from_db()
    assert InvestmentPlan.objects.with_totals().get(pk=plan.pk).committed_usd == D("4716.66")
    assert_figures_exact()
    services.advance_commitment(
        commitment=commitment,
        by=partner,
        amount="90.00",
        on=datetime.date(2024, 7, 1),
        version=commitment.version,
    )
    assert_figures_exact()  # unverified again: its disbursement is not counted yet


def test_priority_and_plan_edits_keep_the_figures_exact(money, focal_point_kenya):
    plan = factories.InvestmentPlanFactory(
        member_state=money["a"].member_state, currency="KES", start_year=2024, end_year=2025
    )
    priority = services.save_priority(
        plan=plan,
        by=focal_point_kenya,
        version=plan.version,
        rank=1,
        title="Interoperability layer",
        component=money["a1"].component,
        costs={2024: "260000", 2025: "125000"},
    )
    plan.refresh_from_db()
    assert PriorityFigures.objects.get(priority=priority).cost_usd == D("3000.00")
    assert_figures_exact()
    other_component = GdhmComponent.objects.exclude(pk=money["a1"].component_id).first()
    services.save_priority(
        plan=plan,
        priority=priority,
        by=focal_point_kenya,
        version=plan.version,
        rank=1,
        title="Interoperability layer",
        component=other_component,
        costs={2024: "130000"},
    )
    plan.refresh_from_db()
    figures = PriorityFigures.objects.get(priority=priority)
    assert (figures.cost_usd, figures.component) == (D("1000.00"), other_component)
    assert_figures_exact()
    services.delete_priority(
        plan=plan, priority=priority, by=focal_point_kenya, version=plan.version
    )
    assert not PriorityFigures.objects.filter(priority_id=priority.pk).exists()
    assert_figures_exact()


@pytest.mark.django_db
def test_bulk_and_queryset_writes_keep_the_figures_exact(money):
    # A queryset update: every commitment of plan A disbursed in half, and one unverified.
    Commitment.objects.filter(plan=money["a"], verified_at__isnull=False).update(
        status="disbursed", disbursed_amount=D("100.00"), disbursed_on=datetime.date(2025, 5, 1)
    )
    Commitment.objects.filter(plan=money["a"], currency="JPY").update(verified_at=None)
    assert_figures_exact()
    # Bulk inserts of costs and commitments.
    PriorityCost.objects.filter(priority=money["b1"]).delete()
    PriorityCost.objects.bulk_create(
        PriorityCost(priority=money["b1"], year=year, amount=D("1000.00")) for year in (2024, 2025)
    )
    Commitment.objects.bulk_create(
        Commitment(
            plan=money["b"],
            kind="cash",
            currency="KES",
            year=2025,
            status="pledged",
            pledged_amount=D("5000.00"),
            pledged_on=datetime.date(2025, 1, 1),
            verified_at=timezone.now(),
        )
        for _ in range(3)
    )
    assert_figures_exact()
    # The plan currency and status change every conversion and whether commitments count.
    InvestmentPlan.objects.filter(pk=money["b"].pk).update(currency="KES")
    InvestmentPlan.objects.filter(pk=money["c"].pk).update(status="approved")
    assert_figures_exact()
    # Deletes: a priority with its costs (via the ORM's cascade), then a whole plan.
    Commitment.objects.filter(priority=money["a2"]).delete()
    money["a2"].delete()
    assert_figures_exact()
    plan_b = money["b"].pk
    Commitment.objects.filter(plan=plan_b).delete()
    Priority.objects.filter(plan=plan_b).delete()
    money["b"].delete()
    assert not PlanFigures.objects.filter(plan_id=plan_b).exists()
    assert_figures_exact()


def test_a_bulk_loader_refreshes_the_figures_once_at_the_end(money):
    plan = money["b"]
    before = PlanFigures.objects.get(plan=plan).commitment_count
    with transaction.atomic(), figures_refreshed_once():
        for _ in range(2):  # two batches: the triggers leave the figures alone in between
            Commitment.objects.bulk_create(
                Commitment(
                    plan=plan,
                    kind="cash",
                    currency="KES",
                    year=2025,
                    status="pledged",
                    pledged_amount=D("5000.00"),
                    pledged_on=datetime.date(2025, 1, 1),
                    verified_at=timezone.now(),
                )
                for _ in range(3)
            )
            assert PlanFigures.objects.get(plan=plan).commitment_count == before
    assert PlanFigures.objects.get(plan=plan).commitment_count == before + 6
    assert_figures_exact()
    # The deferral ended with the block: the next write refreshes at once again.
    Commitment.objects.filter(plan=plan).update(verified_at=None)
    assert PlanFigures.objects.get(plan=plan).commitment_count == 0
    assert_figures_exact()


@pytest.mark.django_db
def test_exchange_rate_changes_keep_the_figures_exact(money, client_for, secretariat):
    client = client_for(secretariat)
    rate = ExchangeRate.objects.get(currency="EUR", year=2025)
    response = client.post(
        f"/admin/investments/exchangerate/{rate.pk}/change/",
        {"currency": "EUR", "year": 2025, "units_per_usd": "0.75", "source": "test"},
    )
    assert response.status_code == 302
    assert_figures_exact()
    # A year past the latest published rates: KES's 2026 rate replaces the provisional 2025.
    factories.PriorityCostFactory(priority=money["a1"], year=2026, amount=D("1200.00"))
    assert PlanFigures.objects.get(plan=money["a"]).cost_rates_provisional == 1
    assert_figures_exact()
    client.post(
        "/admin/investments/exchangerate/add/",
        {"currency": "KES", "year": 2026, "units_per_usd": "120", "source": "test"},
    )
    figures = PlanFigures.objects.get(plan=money["a"])
    assert (figures.cost_rates_provisional, figures.cost_usd) == (0, D("25010.00"))
    assert_figures_exact()
    # EUR's latest year withdrawn: its 2025 amounts convert provisionally at 2024's rate.
    ExchangeRate.objects.filter(currency="EUR", year=2025).delete()
    assert PlanFigures.objects.get(plan=money["b"]).cost_rates_provisional == 1
    assert_figures_exact()
    ExchangeRate.objects.filter(currency="JPY").delete()
    assert PlanFigures.objects.get(plan=money["b"]).commitment_rates_missing == 1
    assert_figures_exact()


def test_commitments_api_count_comes_from_the_stored_figures(money, client, client_for, partner):
    public = Commitment.objects.public().count()
    assert client.get("/api/v1/commitments/").json()["count"] == public == 5
    assert client.get("/api/v1/commitments/?currency=EUR&kind=in_kind").json()["count"] == 1
    # Logged-in users may see more (their own unverified ones): counted, not stored.
    own = Commitment.objects.visible_to(partner).count()
    assert client_for(partner).get("/api/v1/commitments/").json()["count"] == own


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_two_concurrent_writers_to_one_plan_both_count(money):
    """The second writer's refresh waits for the first's commit, then sees its commitment (no
    duplicate figure rows, no lost update)."""
    plan, written, release, errors = money["b"], threading.Event(), threading.Event(), []

    def commit(amount, *, hold):
        try:
            with transaction.atomic():
                Commitment.objects.create(
                    plan=plan,
                    kind="cash",
                    currency="EUR",
                    year=2024,
                    status="pledged",
                    pledged_amount=D(amount),
                    committed_amount=D(amount),
                    committed_on=datetime.date(2024, 2, 1),
                    pledged_on=datetime.date(2024, 1, 1),
                    verified_at=timezone.now(),
                )
                if hold:
                    written.set()
                    release.wait(timeout=10)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=commit, args=("90.00",), kwargs={"hold": True})
    first.start()
    assert written.wait(timeout=10)
    second = threading.Thread(target=commit, args=("45.00",), kwargs={"hold": False})
    second.start()
    time.sleep(0.5)  # the second writer is now waiting for the first's lock on the plan
    release.set()
    first.join(timeout=20)
    second.join(timeout=20)
    assert errors == []
    figures = PlanFigures.objects.get(plan=plan)
    assert figures.commitment_count == 3
    assert figures.committed == D("9135.00")  # 9,000.00 + 90.00 + 45.00 EUR
    assert_figures_exact()
