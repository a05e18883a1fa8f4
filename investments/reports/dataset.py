"""The rows of a period's reports: each query runs once per period, grouped over every region
and country at the same time, whatever the number of scopes."""

from django.db.models import Avg, Count, Exists, FloatField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from investments.models import (
    ZERO,
    Commitment,
    InvestmentPlan,
    TransparencyReport,
    funding_gaps,
)
from members.models import (
    GdhmComponent,
    IndicatorAnswer,
    MemberState,
    ProfileSubmission,
    ReportingCycle,
    WhoRegion,
)
from members.progress import moved_up_by_region
from resources.models import Resource

COMMITMENT_REGION = "plan__member_state__who_region"


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
    cycle_year_value = (
        ReportingCycle.objects.filter(opens_on__lte=period.last_day)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return {
        "moved_up": moved_up_by_region(until_year=cycle_year_value),
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
        "cycle_year": cycle_year_value,
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
