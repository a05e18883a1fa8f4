"""Public funding gaps in US dollars per WHO region, GDHM component, member state or overall."""

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from members.workflow import ReviewStatus

from .commitments import Commitment
from .figures import PlanFigures, PriorityFigures
from .money import ZERO, zero_money
from .priorities import PriorityCost

FUNDING_GAP_GROUPS = {
    # group_by: (key on PriorityCost, key on Commitment)
    "region": ("priority__plan__member_state__who_region", "plan__member_state__who_region"),
    "component": ("priority__component", "priority__component"),
    "member_state": ("priority__plan__member_state", "plan__member_state"),
    "global": (None, None),
    # Country × component in one query: transparency reports add these rows up per country,
    # region and component instead of calling funding_gaps() once per grouping.
    "member_state_component": (
        ("priority__plan__member_state", "priority__component"),
        ("plan__member_state", "priority__component"),
    ),
}


def funding_gaps(group_by, *, cost_filter=None, commitment_filter=None):
    """Public cost, committed, disbursed and gap in USD per group, as two database aggregates.

    Returns `{key: {...}}` where key is the group's primary key (None for commitments to a plan
    as a whole when grouping by component). The rows add up to the global totals exactly.
    """
    unfiltered = cost_filter is None and commitment_filter is None
    if unfiltered and group_by in STORED_GROUPS:
        return _stored_funding_gaps(group_by)
    cost_key, commitment_key = FUNDING_GAP_GROUPS[group_by]
    costs = PriorityCost.objects.filter(priority__plan__status=ReviewStatus.APPROVED).with_usd()
    commitments = Commitment.objects.counted()
    if cost_filter is not None:
        costs = costs.filter(cost_filter)
    if commitment_filter is not None:
        commitments = commitments.filter(commitment_filter)
    cost_rows = _grouped(
        costs,
        cost_key,
        cost_usd=Coalesce(Sum("amount_usd"), zero_money()),
        cost_rates_missing=Count("pk", filter=Q(rate__isnull=True)),
        cost_rates_provisional=Count("pk", filter=Q(rate_provisional=True)),
    )
    commitment_rows = _grouped(
        commitments,
        commitment_key,
        committed_usd=Coalesce(Sum("committed_usd"), zero_money()),
        disbursed_usd=Coalesce(Sum("disbursed_usd"), zero_money()),
        commitment_rates_missing=Count("pk", filter=Q(rate__isnull=True)),
        commitment_rates_provisional=Count("pk", filter=Q(rate_provisional=True)),
    )
    empty = {
        "cost_usd": ZERO,
        "committed_usd": ZERO,
        "disbursed_usd": ZERO,
        "cost_rates_missing": 0,
        "commitment_rates_missing": 0,
        "cost_rates_provisional": 0,
        "commitment_rates_provisional": 0,
    }
    result = {}
    for key in [*cost_rows, *(k for k in commitment_rows if k not in cost_rows)]:
        row = {**empty, **cost_rows.get(key, {}), **commitment_rows.get(key, {})}
        row["gap_usd"] = row["cost_usd"] - row["committed_usd"]
        row["undisbursed_gap_usd"] = row["cost_usd"] - row["disbursed_usd"]
        result[key] = row
    return result


STORED_GROUPS = {
    "region": "plan__member_state__who_region",
    "member_state": "plan__member_state",
    "global": None,
    "component": "priority__component",
}


def _stored_funding_gaps(group_by):
    """`funding_gaps()` from the stored figures: a few hundred rows instead of every cost and
    commitment. A group appears when it has costs or commitments, as in the computed version;
    commitments to a plan as a whole are the plans' figures less their priorities'."""
    sums = {
        "cost_usd": Coalesce(Sum("cost_usd"), zero_money()),
        "committed_usd": Coalesce(Sum("committed_usd"), zero_money()),
        "disbursed_usd": Coalesce(Sum("disbursed_usd"), zero_money()),
        "cost_rates_missing": Coalesce(Sum("cost_rates_missing"), Value(0)),
        "commitment_rates_missing": Coalesce(Sum("commitment_usd_rates_missing"), Value(0)),
        "cost_rates_provisional": Coalesce(Sum("cost_rates_provisional"), Value(0)),
        "commitment_rates_provisional": Coalesce(Sum("commitment_usd_rates_provisional"), Value(0)),
        "cost_count": Coalesce(Sum("cost_count"), Value(0)),
        "commitment_count": Coalesce(Sum("commitment_count"), Value(0)),
    }
    approved = Q(plan__status=ReviewStatus.APPROVED)
    plans = PlanFigures.objects.filter(approved)
    if group_by == "component":
        groups = _grouped(PriorityFigures.objects.filter(approved), STORED_GROUPS[group_by], **sums)
        whole = _grouped(plans, None, **sums)[None]
        unallocated = {
            name: whole[name] - sum(row[name] for row in groups.values()) for name in sums
        }
        groups[None] = unallocated
    else:
        groups = _grouped(plans, STORED_GROUPS[group_by], **sums)
    result = {}
    for key, row in groups.items():
        counted = row.pop("cost_count") + row.pop("commitment_count")
        if not counted and key is not None:
            continue
        if not counted and group_by == "component":
            continue  # no commitment to a plan as a whole
        row["gap_usd"] = row["cost_usd"] - row["committed_usd"]
        row["undisbursed_gap_usd"] = row["cost_usd"] - row["disbursed_usd"]
        result[key] = row
    return result


def _grouped(queryset, key, **aggregates):
    """`{group key: {name: total}}` of `aggregates` over `queryset` grouped by `key` (a field,
    a tuple of fields or None for one group)."""
    # Aggregate under other names than the annotations they sum (Django would confuse them).
    renamed = {f"total_{name}": expression for name, expression in aggregates.items()}
    if key is None:
        return {None: _unprefixed(queryset.aggregate(**renamed))}
    if isinstance(key, tuple):
        rows = queryset.order_by().values(*key).annotate(**renamed)
        return {tuple(row.pop(part) for part in key): _unprefixed(row) for row in rows}
    rows = queryset.order_by().values(key).annotate(**renamed)
    return {row.pop(key): _unprefixed(row) for row in rows}


def _unprefixed(row):
    return {name[len("total_") :]: value for name, value in row.items()}
