"""Reads of the investments API beyond the models' QuerySet methods: the columns the lists
declare (`listed_*`) and a plan's priorities for its detail."""

from django.db.models import BooleanField, DecimalField, ExpressionWrapper, F, Prefetch, Q

from .models import (
    MONEY,
    Priority,
    PriorityCost,
)


def _condition(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def listed_commitments(commitments):
    """`commitments` with the columns `CommitmentSerializer` reads beyond the model's: each
    one's conversion (`with_conversions()`), whether it is domestic funding, verified, or lacks
    a rate (its own or its plan currency's). The conversion is an inner join (every commitment
    has one), so that a list sorted by USD can start from the conversions' index."""
    return (
        commitments.with_conversions()
        .filter(conversion__isnull=False)
        .annotate(
            is_domestic=_condition(Q(organization__isnull=True)),
            is_verified=_condition(Q(verified_at__isnull=False)),
            rate_missing=_condition(Q(rate__isnull=True) | Q(plan_rate__isnull=True)),
        )
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
