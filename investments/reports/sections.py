"""The sections of a report about strategies, profiles and the catalogue: pure Python over the
collected rows, for one scope."""

from decimal import Decimal

from investments.models import GLOBAL_SCOPE
from members.models import StrategyStatus
from members.workflow import ReviewStatus
from resources.models import Kind


def in_scope(region, scope):
    return scope == GLOBAL_SCOPE or region == scope


def strategy_section(dataset, scope):
    """Member states with an adopted national strategy: count, share, change since last period."""
    total = sum(
        row["n"] for region, row in dataset["states_per_region"].items() if in_scope(region, scope)
    )
    by_status = {value: 0 for value in StrategyStatus.values}
    by_status["no_profile"] = total
    for (region, status), row in dataset["strategy_counts"].items():
        if in_scope(region, scope) and status:
            by_status[status] = by_status.get(status, 0) + row["n"]
            by_status["no_profile"] -= row["n"]
    adopted = by_status[StrategyStatus.ADOPTED]
    previous = dataset["previous"].get(scope)
    return {
        "member_states": total,
        "adopted": adopted,
        "share": str((Decimal(adopted) / total).quantize(Decimal("0.0001"))) if total else None,
        "previous": previous,
        "change": adopted - previous if previous is not None else None,
        "by_status": by_status,
    }


def submissions_section(dataset, scope):
    """Profile submissions of the reporting cycle open at the cut-off, by review status."""
    by_status = {value: 0 for value in ReviewStatus.values}
    for (region, status), row in dataset["submission_counts"].items():
        if in_scope(region, scope):
            by_status[status] += row["n"]
    return {
        "cycle": dataset["cycle_year"],
        "by_status": by_status,
        "total": sum(by_status.values()),
    }


def maturity_section(dataset, scope):
    """Average GDHM phase per component over the published profiles in scope."""
    if scope == GLOBAL_SCOPE:
        row = dataset["maturity_global"]
    else:
        row = dataset["maturity_by_region"].get(scope, {})
    result = []
    for number, name in dataset["components"]:
        average = row.get(f"avg_c{number}")
        result.append(
            {
                "component": number,
                "name": name,
                "average_phase": None if average is None else round(float(average), 2),
                "profiles": row.get(f"n_c{number}") or 0,
            }
        )
    return result


def progress_section(dataset, scope):
    """The member states in scope whose overall GDHM phase in their latest published cycle (up to
    the period's cycle) is higher than in their previous one, with the count per region."""
    moved_up = dataset["moved_up"]
    names = {state["iso3"]: state["name_en"] for state in dataset["states"]}
    codes = [code for code, _name in dataset["regions"]]
    in_scope = codes if scope == GLOBAL_SCOPE else [scope]
    member_states = sorted(
        (iso3 for code in in_scope for iso3 in moved_up.get(code, [])), key=names.get
    )
    return {
        "moved_up": len(member_states),
        "by_region": [
            {"region": code, "name": name, "moved_up": len(moved_up.get(code, []))}
            for code, name in dataset["regions"]
            if code in in_scope
        ],
        "member_states": [{"iso3": iso3, "name": names[iso3]} for iso3 in member_states],
    }


def catalogue_section(dataset, scope):
    """Published resources by kind: total at the cut-off and new during the period."""
    by_kind = []
    for kind in Kind.values:
        row = dataset["resource_counts"].get(kind, {})
        by_kind.append(
            {"kind": kind, "total": row.get(f"total_{scope}", 0), "new": row.get(f"new_{scope}", 0)}
        )
    return {
        "by_kind": by_kind,
        "total": sum(row["total"] for row in by_kind),
        "new": sum(row["new"] for row in by_kind),
    }
