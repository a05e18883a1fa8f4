"""The country page: a member state's facts and published profile (members), its latest
investment plan (investments) and the resources applied there (resources). It is composed
here because investments may read both apps it stands on; members reads neither."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from members.models import MemberState
from members.peers import LIST_PEERS, country_peers_section
from members.progress import progress_section
from members.published_profile import published_profile_section
from resources.country_section import attach_country_experiences, country_resources_section

from .models import Commitment, InvestmentPlan


@require_safe
def country_detail(request, iso3):
    country = get_object_or_404(MemberState.objects.select_related("who_region"), iso3=iso3.upper())
    if iso3 != country.iso3:
        return redirect(country, permanent=True)
    context = {
        "country": country,
        **published_profile_section(country),
        **progress_section(country),
        **country_investments_section(country),
        **country_resources_section(country),
        **peers_section(country, request.user),
    }
    return render(request, "countries/detail.html", context)


def peers_section(member_state, user, **options):
    """The members' peers section with, for each peer, the catalogue resources it used on the
    indicator's component (country experiences: the resources app)."""
    section = country_peers_section(member_state, user, **options)
    attach_country_experiences(section["peer_indicators"])
    return section


@require_safe
def country_peers(request, iso3):
    """The peers of a member state on each indicator where it is at phase 1–3 (the first
    `LIST_PEERS` of each), or every peer of one indicator (`?indicator=`)."""
    country = get_object_or_404(MemberState.objects.select_related("who_region"), iso3=iso3.upper())
    if iso3 != country.iso3:
        return redirect(
            f"{reverse('country-peers', kwargs={'iso3': country.iso3})}"
            f"{'?' + request.GET.urlencode() if request.GET else ''}",
            permanent=True,
        )
    indicator = request.GET.get("indicator") or None
    per_indicator = None if indicator else LIST_PEERS
    context = {
        "country": country,
        "indicator": indicator,
        **peers_section(country, request.user, per_indicator=per_indicator, indicator=indicator),
    }
    return render(request, "countries/peers.html", context)


def country_investments_section(member_state):
    """The section's context: the member state's latest approved plan (None if it has none)
    with its stored figures and the number of organizations supporting it."""
    supporting = (
        Commitment.objects.public()
        .filter(plan=OuterRef("pk"), organization__isnull=False)
        .order_by()
        .values("plan")
        .annotate(organizations=Count("organization", distinct=True))
        .values("organizations")
    )
    plan = (
        InvestmentPlan.objects.published()
        .filter(member_state=member_state)
        .with_totals()
        .annotate(supporters=Coalesce(Subquery(supporting), 0))
        .order_by("-end_year", "-start_year", "-pk")
        .first()
    )
    return {"plan": plan, "supporters": plan.supporters if plan is not None else 0}
