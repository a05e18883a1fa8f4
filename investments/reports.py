"""The figures of the periodic transparency reports (global and one per WHO region).

`collect(period)` runs every query of a period once: each is a grouped aggregate over all
regions and countries at the same time (about twenty queries whatever the data size). The
section functions then split those rows per scope in Python without touching the database:
`build_report_data(dataset, scope)` assembles one report's JSON.

What a figure counts (the "data cut-off" is the first instant after the period):
- records with a date (resources created, profile submissions created, commitments pledged)
  count when dated before the cut-off;
- statuses (published profiles, approved plans, verified commitments and their stage) are those
  at generation time, which the monthly schedule sets a few hours after the cut-off;
- money is in US dollars with the investments app's rules (`funding_gaps()`), as strings of
  decimals so the snapshot never goes through a float; `rates_missing` counts the amounts left
  out for want of a rate, `rates_provisional` those converted at an earlier year's rate (the
  snapshot keeps them as they were: a later revision shows the published rate's figures).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, FloatField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import (
    GdhmComponent,
    IndicatorAnswer,
    MemberState,
    ProfileSubmission,
    ReportingCycle,
    StrategyStatus,
    WhoRegion,
)
from members.workflow import ReviewStatus
from resources.models import Kind, Resource

from .models import (
    GLOBAL_SCOPE,
    ZERO,
    Commitment,
    InvestmentPlan,
    TransparencyReport,
    funding_gaps,
)

# 1.1: `rates_provisional` beside `rates_missing` (amounts at an earlier year's rate).
GENERATOR_VERSION = "1.1"
TOP_PARTNERS = 5
COMMITMENT_REGION = "plan__member_state__who_region"
MONEY_FIELDS = ("cost_usd", "committed_usd", "disbursed_usd", "gap_usd", "undisbursed_gap_usd")


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text):
        """`YYYY-MM` → Period; ValueError with a readable message otherwise."""
        try:
            year, month = (int(part) for part in str(text).split("-"))
            datetime.date(year, month, 1)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"“{text}” is not a period: write it as YYYY-MM, e.g. 2026-10."
            ) from error
        return cls(year, month)

    @classmethod
    def last_complete(cls, now=None):
        """The month before the one of `now` (UTC): the period the monthly run reports on."""
        today = (now or timezone.now()).astimezone(datetime.UTC).date()
        return cls(today.year, today.month).previous()

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    def previous(self):
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self):
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def start(self):
        return datetime.datetime(self.year, self.month, 1, tzinfo=datetime.UTC)

    @property
    def cutoff(self):
        following = self.next()
        return datetime.datetime(following.year, following.month, 1, tzinfo=datetime.UTC)

    @property
    def is_complete(self):
        return self.cutoff <= timezone.now()


def money(value):
    return str((value or ZERO).quantize(Decimal("0.01")))


def in_scope(region, scope):
    return scope == GLOBAL_SCOPE or region == scope


# --- Queries: each runs once per period, grouped over every region and country ---------------


def collect(period):
    """Every figure of `period`, for all scopes at once (a fixed number of grouped queries)."""
    cutoff = period.cutoff
    regions = list(WhoRegion.objects.values_list("code", "name_en"))
    states = list(MemberState.objects.order_by("name_en").values("iso3", "name_en", "who_region"))
    region_of = {state["iso3"]: state["who_region"] for state in states}
    components = list(GdhmComponent.objects.values_list("number", "name_en"))
    return {
        "period": period,
        "regions": regions,
        "states": states,
        "region_of": region_of,
        "components": components,
        "states_per_region": _rows(
            MemberState.objects.values("who_region").annotate(n=Count("pk")), "who_region"
        ),
        **_profile_figures(period, components),
        **_catalogue_figures(period, [code for code, _name in regions]),
        **_investment_figures(period),
        "previous": dict(
            TransparencyReport.objects.published()
            .filter(period=str(period.previous()))
            .latest_revisions()
            .values_list("scope", "data__strategy__adopted")
        ),
        "cutoff": cutoff,
    }


def _rows(queryset, *keys):
    """A grouped values() QuerySet as {key or (keys…): row}."""
    result = {}
    for row in queryset.order_by():
        key = tuple(row.pop(k) for k in keys)
        result[key[0] if len(key) == 1 else key] = row
    return result


def _profile_figures(period, components):
    published = ProfileSubmission.objects.published()
    region = "member_state__who_region"
    cycle_year = (
        ReportingCycle.objects.filter(opens_on__lte=period.last_day)
        .order_by("-year")
        .values("year")[:1]
    )
    scores = {
        f"c{number}": Subquery(
            IndicatorAnswer.objects.scored()
            .filter(submission=OuterRef("pk"), indicator__component=number)
            .order_by()
            .values("submission")
            .annotate(score=Avg("phase", output_field=FloatField()))
            .values("score")[:1],
            output_field=FloatField(),
        )
        for number, _name in components
    }
    averages = {}
    for number, _name in components:
        averages[f"avg_c{number}"] = Avg(f"c{number}")
        averages[f"n_c{number}"] = Count(f"c{number}")
    scored = published.annotate(**scores)
    return {
        "strategy_counts": _rows(
            published.values(region, "strategy_status").annotate(n=Count("pk")),
            region,
            "strategy_status",
        ),
        "country_strategy": dict(
            published.values_list("member_state_id", "strategy_status").order_by()
        ),
        "submission_counts": _rows(
            ProfileSubmission.objects.filter(
                cycle__year=Subquery(cycle_year), created_at__lt=period.cutoff
            )
            .values(region, "status")
            .annotate(n=Count("pk")),
            region,
            "status",
        ),
        "cycle_year": ReportingCycle.objects.filter(opens_on__lte=period.last_day)
        .order_by("-year")
        .values_list("year", flat=True)
        .first(),
        "maturity_by_region": _rows(scored.values(region).annotate(**averages), region),
        "maturity_global": scored.aggregate(**averages),
    }


def _catalogue_figures(period, region_codes):
    resources = Resource.objects.published().filter(created_at__lt=period.cutoff)
    new = Q(created_at__gte=period.start)
    counts = {"total_global": Count("pk"), "new_global": Count("pk", filter=new)}
    for code in region_codes:
        linked = Q(
            Exists(
                Resource.who_regions.through.objects.filter(resource=OuterRef("pk"), whoregion=code)
            )
        ) | Q(
            Exists(
                Resource.member_states.through.objects.filter(
                    resource=OuterRef("pk"), memberstate__who_region=code
                )
            )
        )
        counts[f"total_{code}"] = Count("pk", filter=linked)
        counts[f"new_{code}"] = Count("pk", filter=linked & new)
    return {
        "resource_counts": _rows(resources.values("kind").annotate(**counts), "kind"),
        "country_resources": dict(
            resources.filter(member_states__isnull=False)
            .values("member_states")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("member_states", "n")
        ),
    }


def _investment_figures(period):
    pledged_by_cutoff = Q(pledged_on__lte=period.last_day)
    commitments = Commitment.objects.counted().filter(pledged_by_cutoff)
    region = COMMITMENT_REGION
    sums = {
        "count": Count("pk"),
        "pledged": Coalesce(Sum("pledged_usd"), ZERO),
        "committed": Coalesce(Sum("committed_usd"), ZERO),
        "disbursed": Coalesce(Sum("disbursed_usd"), ZERO),
        "rates_missing": Count("pk", filter=Q(rate__isnull=True)),
        "rates_provisional": Count("pk", filter=Q(rate_provisional=True)),
    }
    return {
        "funding": funding_gaps("member_state_component", commitment_filter=pledged_by_cutoff),
        "country_plans": dict(
            InvestmentPlan.objects.published()
            .values("member_state")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("member_state", "n")
        ),
        # One pass over the converted commitments serves both the cash / in-kind table and the
        # partner ranking (the rate conversion is the expensive part of these queries).
        "commitment_rows": list(
            commitments.values(
                region,
                "kind",
                "status",
                "organization",
                "organization__name",
                "organization__acronym",
            )
            .annotate(**sums)
            .order_by()
        ),
    }


# --- Sections: one per part of a report, pure Python over the collected rows ----------------


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


def scopes(dataset):
    return [GLOBAL_SCOPE, *(code for code, _name in dataset["regions"])]


def build_report_data(dataset, scope):
    """The JSON snapshot of one report (no database access)."""
    names = dict(dataset["regions"])
    return {
        "scope": scope,
        "scope_name": "Global" if scope == GLOBAL_SCOPE else names[scope],
        "period": str(dataset["period"]),
        "strategy": strategy_section(dataset, scope),
        "submissions": submissions_section(dataset, scope),
        "maturity": maturity_section(dataset, scope),
        "catalogue": catalogue_section(dataset, scope),
        "investments": investments_section(dataset, scope),
        "countries": countries_section(dataset, scope),
    }
