"""Public funding gaps in US dollars per WHO region, GDHM component, member state or overall."""

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from members.models import GdhmComponent, MemberState, WhoRegion
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
    "component": "component",  # kept with each priority's figures
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


# The figures of a row of `funding_gap_table()`, summed into its totals.
FIGURE_FIELDS = (
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


def funding_gap_table(group_by):
    """`funding_gaps(group_by)` as rows labelled in the active language (sorted by label, the
    support to plans as a whole last) and their totals."""
    groups = funding_gaps(group_by)
    unallocated = _("Support to plans as a whole (no priority)")
    labels = _group_labels(group_by, [key for key in groups if key is not None])
    rows = [
        {"group": None if key is None else str(key), "label": labels.get(key, unallocated)} | values
        for key, values in groups.items()
    ]
    rows.sort(key=lambda row: (row["group"] is None, str(row["label"])))
    # The rows partition the global figures and each is a sum of rows rounded to the cent, so
    # the totals are the sums of the (few) group rows.
    totals = {"group": None, "label": _("Total")}
    for field in FIGURE_FIELDS:
        totals[field] = sum((row[field] for row in rows), ZERO if field.endswith("usd") else 0)
    return rows, totals


def _group_labels(group_by, keys):
    if group_by == "region":
        return {region.code: region.name for region in WhoRegion.objects.all()}
    if group_by == "component":
        return {component.number: str(component) for component in GdhmComponent.objects.all()}
    if group_by == "member_state":
        states = MemberState.objects.filter(pk__in=keys).only("iso3", "name_en", "name_fr")
        return {state.iso3: state.name for state in states}
    return {None: _("All member states")}
