"""Reads of the investments API and pages beyond the models' QuerySet methods: the columns
the lists declare (`listed_*`), the funding gaps' labelled rows, a report's revisions."""

from django.db.models import BooleanField, DecimalField, ExpressionWrapper, F, Prefetch, Q
from django.utils.translation import gettext as _

from members.models import GdhmComponent, MemberState, WhoRegion

from .models import (
    MONEY,
    ZERO,
    Priority,
    PriorityCost,
    TransparencyReport,
    funding_gaps,
)


def _condition(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def listed_commitments(commitments):
    """`commitments` with the columns `CommitmentSerializer` reads beyond the model's: each
    one's conversion (`with_conversions()`), whether it is domestic funding, verified, or lacks
    a rate (its own or its plan currency's)."""
    return commitments.with_conversions().annotate(
        is_domestic=_condition(Q(organization__isnull=True)),
        is_verified=_condition(Q(verified_at__isnull=False)),
        rate_missing=_condition(Q(rate__isnull=True) | Q(plan_rate__isnull=True)),
    )


def listed_plans(plans):
    """`plans` with the columns `InvestmentPlanSerializer` reads beyond the model's: their
    figures (`with_totals()`) and the gaps still to disburse."""
    return plans.with_totals().annotate(
        undisbursed_gap=_money(F("cost") - F("disbursed")),
        undisbursed_gap_usd=_money(F("cost_usd") - F("disbursed_usd")),
    )


def plan_priorities(plan_id):
    """A plan's ranked priorities with their figures, component, interventions and costs."""
    return (
        Priority.objects.filter(plan_id=plan_id)
        .with_totals()
        .select_related("component")
        .prefetch_related(
            "interventions", Prefetch("costs", queryset=PriorityCost.objects.with_usd())
        )
    )


def _money(expression):
    return ExpressionWrapper(expression, output_field=DecimalField(**MONEY))


# The figures of a funding gap row (`funding_gaps()`), summed into the totals.
GAP_FIGURES = (
    "cost_usd",
    "committed_usd",
    "disbursed_usd",
    "gap_usd",
    "undisbursed_gap_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)


def funding_gap_rows(group_by):
    """Labelled rows (sorted by label) and totals of public funding gaps in USD."""
    groups = funding_gaps(group_by)
    if group_by == "region":
        labels = {region.code: region.name for region in WhoRegion.objects.all()}
    elif group_by == "component":
        labels = {c.number: str(c) for c in GdhmComponent.objects.all()}
    elif group_by == "member_state":
        states = MemberState.objects.filter(pk__in=[k for k in groups if k])
        labels = {m.iso3: m.name for m in states.only("iso3", "name_en", "name_fr")}
    else:
        labels = {None: _("All member states")}
    unallocated = _("Support to plans as a whole (no priority)")
    rows = [
        {
            "group": None if key is None else str(key),
            "label": labels.get(key, unallocated)
            if key is not None or group_by == "global"
            else unallocated,
            **values,
        }
        for key, values in groups.items()
    ]
    rows.sort(key=lambda row: (row["group"] is None, str(row["label"])))
    # The rows partition the global figures and each is a sum of rows rounded to the cent, so
    # the totals are the sums of the (few) group rows: no second pass over the data.
    totals = {"group": None, "label": _("Total")}
    for name in GAP_FIGURES:
        totals[name] = sum((row[name] for row in rows), ZERO if name.endswith("usd") else 0)
    return rows, totals


def report_revisions(user, report):
    """The revision numbers of the report's scope and period that `user` may see, newest
    first."""
    return list(
        TransparencyReport.objects.visible_to(user)
        .filter(scope=report.scope, period=report.period)
        .order_by("-revision")
        .values_list("revision", flat=True)
    )
