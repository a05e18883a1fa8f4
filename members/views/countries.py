"""The member states list, filtered by name or code and by WHO region."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..forms import CountrySearchForm
from ..models import MemberState
from ..names import name_sort_key


@require_safe
def country_list(request):
    form = CountrySearchForm(request.GET or None)
    countries = MemberState.objects.select_related("who_region")
    if form.is_valid():
        region = form.cleaned_data["region"]
        countries = countries.matching(form.cleaned_data["q"])
        countries = countries.in_region(region.code if region else None)
    # Sorted by the name in the active language (at most 194 rows).
    countries = sorted(countries, key=lambda country: name_sort_key(country.name))
    context = {"form": form, "countries": countries}
    return render(request, "members/country_list.html", context)
