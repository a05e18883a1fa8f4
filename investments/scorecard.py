"""The scorecard: one printable page per member state and published cycle, its strategy and
governance, its maturity beside the benchmarks, the investment plan in force that year and its
largest unfunded priorities. Composed here, like the country page, because investments may read
members; the PDF is the browser's print of it (docs/scorecard.md)."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from members.models import MemberState
from members.scorecard import scorecard_profile_section

from .models import InvestmentPlan, Priority

# How many unfunded priorities the scorecard lists (the largest gaps): what fits on the page.
TOP_UNFUNDED = 5
CYCLE_YEAR = re.compile(r"[0-9]{4}")


@require_safe
def scorecard(request, iso3):
    country = get_object_or_404(MemberState.objects.select_related("who_region"), iso3=iso3.upper())
    year = _cycle_year(request.GET.get("cycle"))
    if iso3 != country.iso3:
        url = reverse("country-scorecard", kwargs={"iso3": country.iso3})
        return redirect(f"{url}?cycle={year}" if year else url, permanent=True)
    profile_section = scorecard_profile_section(country, year=year)
    if profile_section is None:
        raise Http404("No published profile for this member state and cycle.")
    cycle_year = profile_section["profile"].cycle.year
    url = reverse("country-scorecard", kwargs={"iso3": country.iso3})
    context = {
        "country": country,
        "permalink": request.build_absolute_uri(f"{url}?cycle={cycle_year}"),
        **profile_section,
        **scorecard_plan_section(country, year=cycle_year),
    }
    return render(request, "countries/scorecard.html", context)


def _cycle_year(value):
    """The `?cycle=` year, None when absent; anything but four digits is a 404 (as an
    unpublished cycle is)."""
    if value is None:
        return None
    if not CYCLE_YEAR.fullmatch(value):
        raise Http404("Not a cycle.")
    return int(value)


def scorecard_plan_section(member_state, *, year):
    """The published plan in force in `year` (its period includes it; the latest starting if
    several) with its stored figures, and its `TOP_UNFUNDED` priorities with the largest gaps
    in the plan currency; `{"plan": None}` when no published plan covers the year."""
    plan = (
        InvestmentPlan.objects.published()
        .filter(member_state=member_state)
        .filter_year(year)
        .with_totals()
        .order_by("-start_year", "-end_year", "-pk")
        .first()
    )
    if plan is None:
        return {"plan": None, "unfunded": []}
    unfunded = (
        Priority.objects.filter(plan=plan)
        .with_totals()
        .filter(gap__gt=0)
        .select_related("component")
        .order_by("-gap", "rank")[:TOP_UNFUNDED]
    )
    return {"plan": plan, "unfunded": list(unfunded)}
