"""The country page: a member state's facts and published profile (members), its latest
investment plan (investments) and the resources applied there (resources). It is composed
here because investments may read both apps it stands on; members reads neither."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from members.models import MemberState
from members.published_profile import published_profile_section
from resources.templatetags.resources_tags import (
    cached_country_resources,
    country_resources_section,
)

from .templatetags.investments_tags import country_investments_section


@require_safe
def country_detail(request, iso3):
    country = get_object_or_404(MemberState.objects.select_related("who_region"), iso3=iso3.upper())
    if iso3 != country.iso3:
        return redirect(country, permanent=True)
    context = {
        "country": country,
        **published_profile_section(country),
        **country_investments_section(country),
        **country_resources_section(country, *cached_country_resources(country.iso3)),
    }
    return render(request, "countries/detail.html", context)
