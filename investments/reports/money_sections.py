"""The sections of a report about money: plans, commitments, partners, countries, for one
scope; amounts in US dollars as strings of decimals, so the snapshot never goes through a float."""

from decimal import Decimal

from investments.models import ZERO, Commitment

from .dataset import COMMITMENT_REGION
from .sections import in_scope

TOP_PARTNERS = 5
MONEY_FIELDS = ("cost_usd", "committed_usd", "disbursed_usd", "gap_usd", "undisbursed_gap_usd")


def money(value):
    return str((value or ZERO).quantize(Decimal("0.01")))


def _empty_money():
    return {name: ZERO for name in MONEY_FIELDS} | {"rates_missing": 0, "rates_provisional": 0}


def _add_money(target, row):
    for name in ("cost_usd", "committed_usd", "disbursed_usd"):
        target[name] += row["cost_usd" if name == "cost_usd" else name]
    target["rates_missing"] += row["cost_rates_missing"] + row["commitment_rates_missing"]
    target["rates_provisional"] += (
        row["cost_rates_provisional"] + row["commitment_rates_provisional"]
    )


def _finish_money(target):
    target["gap_usd"] = target["cost_usd"] - target["committed_usd"]
    target["undisbursed_gap_usd"] = target["cost_usd"] - target["disbursed_usd"]
    return {name: money(v) if name in MONEY_FIELDS else v for name, v in target.items()}


def investments_section(dataset, scope):
    """Plans' cost, commitments by kind and stage, funding gap, top partners, by component."""
    region_of = dataset["region_of"]
    totals = _empty_money()
    by_component = {number: _empty_money() for number, _name in dataset["components"]}
    by_component[None] = _empty_money()
    for (iso3, component), row in dataset["funding"].items():
        if in_scope(region_of.get(iso3), scope):
            _add_money(totals, row)
            _add_money(by_component.setdefault(component, _empty_money()), row)
    names = dict(dataset["components"])
    kinds = []
    for kind in Commitment.Kind.values:
        entry = {"kind": kind, "count": 0, "pledged_usd": ZERO, "committed_usd": ZERO}
        entry |= {"disbursed_usd": ZERO, "rates_missing": 0, "rates_provisional": 0}
        entry["by_stage"] = {stage: 0 for stage in Commitment.Status.values}
        for row in dataset["commitment_rows"]:
            if row["kind"] == kind and in_scope(row[COMMITMENT_REGION], scope):
                entry["count"] += row["count"]
                entry["by_stage"][row["status"]] += row["count"]
                entry["rates_missing"] += row["rates_missing"]
                entry["rates_provisional"] += row["rates_provisional"]
                for name in ("pledged", "committed", "disbursed"):
                    entry[f"{name}_usd"] += row[name]
        kinds.append({k: money(v) if k.endswith("_usd") else v for k, v in entry.items()})
    partners = {}
    for row in dataset["commitment_rows"]:
        organization = row["organization"]
        if organization is not None and in_scope(row[COMMITMENT_REGION], scope):
            entry = partners.setdefault(
                organization,
                {
                    "organization": organization,
                    "name": row["organization__name"],
                    "acronym": row["organization__acronym"],
                    "commitments": 0,
                    "pledged_usd": ZERO,
                    "committed_usd": ZERO,
                    "disbursed_usd": ZERO,
                },
            )
            entry["commitments"] += row["count"]
            for name in ("pledged", "committed", "disbursed"):
                entry[f"{name}_usd"] += row[name]
    top = sorted(
        partners.values(),
        key=lambda p: (-p["committed_usd"], -p["pledged_usd"], p["name"], p["organization"]),
    )[:TOP_PARTNERS]
    plans = sum(
        n for iso3, n in dataset["country_plans"].items() if in_scope(region_of.get(iso3), scope)
    )
    return {
        "plans": plans,
        **_finish_money(totals),
        "commitments": kinds,
        "top_partners": [
            {k: money(v) if k.endswith("_usd") else v for k, v in p.items()} for p in top
        ],
        "by_component": [
            {"component": number, "name": names.get(number, ""), **_finish_money(figures)}
            for number, figures in by_component.items()
            if number is not None or figures["committed_usd"] or figures["disbursed_usd"]
        ],
    }


def countries_section(dataset, scope):
    """One row per member state in scope: strategy, plans, money, resources."""
    funding = {}
    for (iso3, _component), row in dataset["funding"].items():
        _add_money(funding.setdefault(iso3, _empty_money()), row)
    rows = []
    for state in dataset["states"]:
        if not in_scope(state["who_region"], scope):
            continue
        iso3 = state["iso3"]
        rows.append(
            {
                "iso3": iso3,
                "name": state["name_en"],
                "region": state["who_region"],
                "strategy_status": dataset["country_strategy"].get(iso3, ""),
                "plans": dataset["country_plans"].get(iso3, 0),
                **_finish_money(funding.get(iso3) or _empty_money()),
                "resources": dataset["country_resources"].get(iso3, 0),
            }
        )
    return rows
