"""The totals a plan or a priority carries: the stored figures' columns as annotations, and the
same totals computed from every cost and commitment (the check of the stored ones)."""

from django.db import models
from django.db.models import Count, DecimalField, F, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .money import MONEY, as_money, zero_money

FIGURE_NAMES = (
    "cost",
    "cost_usd",
    "cost_rates_missing",
    "committed",
    "committed_usd",
    "disbursed",
    "disbursed_usd",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)
# The counts among the figures (the others are amounts).
COUNT_NAMES = frozenset(name for name in FIGURE_NAMES if name.endswith(("missing", "provisional")))
# The USD figures a long list of priorities needs.
USD_TOTAL_NAMES = (
    "cost_usd",
    "committed_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)


class FiguresMixin:
    """cost − disbursed, from the figures `with_totals()` annotates (each SQL expression of an
    annotation referring to others repeats their subqueries, so these two stay in Python)."""

    @property
    def undisbursed_gap(self):
        return self.cost - self.disbursed

    @property
    def undisbursed_gap_usd(self):
        return self.cost_usd - self.disbursed_usd


def stored_annotations(prefix="figures__"):
    """The stored figures (`PlanFigures`, `PriorityFigures`) and the gaps as annotations; zero
    where no figures row exists yet."""
    annotations = {}
    for name in FIGURE_NAMES:
        default = Value(0) if name in COUNT_NAMES else zero_money()
        annotations[name] = Coalesce(F(prefix + name), default)
    annotations["gap"] = as_money(F("cost") - F("committed"))
    annotations["gap_usd"] = as_money(F("cost_usd") - F("committed_usd"))
    return annotations


def computed_annotations(costs, commitments, cost_group, commitment_group):
    """Correlated subqueries that sum a plan's or a priority's costs and commitments, converted
    by the ORM: the rule the database triggers apply, which the tests compare them with."""
    return {
        "cost": _sum(costs, cost_group, "amount"),
        "cost_usd": _sum(costs, cost_group, "amount_usd"),
        "cost_rates_missing": _count(costs, cost_group, Q(rate__isnull=True)),
        "committed": _sum(commitments, commitment_group, "committed_plan"),
        "committed_usd": _sum(commitments, commitment_group, "committed_usd"),
        "disbursed": _sum(commitments, commitment_group, "disbursed_plan"),
        "disbursed_usd": _sum(commitments, commitment_group, "disbursed_usd"),
        "commitment_rates_missing": _count(
            commitments, commitment_group, Q(rate__isnull=True) | Q(plan_rate__isnull=True)
        ),
        "cost_rates_provisional": _count(costs, cost_group, Q(rate_provisional=True)),
        "commitment_rates_provisional": _count(
            commitments,
            commitment_group,
            Q(rate_provisional=True) | Q(plan_rate_provisional=True),
        ),
        "gap": as_money(F("cost") - F("committed")),
        "gap_usd": as_money(F("cost_usd") - F("committed_usd")),
    }


def _sum(queryset, group_field, field):
    return Coalesce(
        Subquery(
            queryset.values(group_field).annotate(total=Sum(field)).values("total")[:1],
            output_field=DecimalField(**MONEY),
        ),
        zero_money(),
    )


def _count(queryset, group_field, condition):
    return Coalesce(
        Subquery(
            queryset.filter(condition)
            .values(group_field)
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=models.IntegerField(),
        ),
        Value(0),
    )
