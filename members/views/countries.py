"""The member states list, filtered by name or code and by WHO region."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from gidh_portal.row_urls import row_url

from ..forms import CountrySearchForm
from ..models import MemberState
from ..models.geography import IncomeGroup
from ..names import name_sort_key


@require_safe
def country_list(request):
    form = CountrySearchForm(request.GET or None)
    countries = MemberState.objects.select_related("who_region")
    if form.is_valid():
        region = form.cleaned_data["region"]
        countries = countries.matching(form.cleaned_data["q"])
        countries = countries.in_region(region.code if region else None)
    country_url = row_url("country-detail", "iso3")
    incomes = dict(IncomeGroup.choices)
    rows = [
        {
            "name": country.name,
            "iso3": country.iso3,
            "url": country_url(country.iso3),
            "who_region": country.who_region.name,
            "income_group": incomes.get(country.income_group, country.income_group),
        }
        for country in countries
    ]
    # Sorted by the name in the active language (at most 194 rows).
    rows.sort(key=lambda row: name_sort_key(row["name"]))
    context = {"form": form, "countries": rows}
    return render(request, "members/country_list.html", context)
