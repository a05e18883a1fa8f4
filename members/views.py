from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenCreateForm, CountrySearchForm
from .models import MemberState, Organization, WhoRegion
from .names import name_sort_key
from .world_map import region_map


def home(request):
    regions = list(WhoRegion.objects.annotate(member_state_count=Count("member_states")))
    member_states = sorted(MemberState.objects.all(), key=lambda state: name_sort_key(state.name))
    context = {
        "member_state_count": len(member_states),
        "organization_count": Organization.objects.count(),
        "regions": regions,
        "world_map": region_map(member_states=member_states, regions=regions),
    }
    return render(request, "home.html", context)


def country_list(request):
    form = CountrySearchForm(request.GET or None)
    countries = MemberState.objects.select_related("who_region")
    if form.is_valid():
        countries = countries.matching(form.cleaned_data["q"])
        region = form.cleaned_data["region"]
        countries = countries.in_region(region.code if region else None)
    # Sorted in Python by the name in the active language (at most 194 rows).
    countries = sorted(countries, key=lambda country: name_sort_key(country.name))
    return render(request, "members/country_list.html", {"form": form, "countries": countries})


def country_detail(request, iso3):
    country = get_object_or_404(MemberState.objects.select_related("who_region"), iso3=iso3.upper())
    if iso3 != country.iso3:
        return redirect(country, permanent=True)
    return render(request, "members/country_detail.html", {"country": country})


@login_required
def account(request):
    return _account_page(request, form=ApiTokenCreateForm())


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form=form, status=400)
    token, raw = services.create_api_token(user=request.user, name=form.cleaned_data["name"])
    # Rendered in this response only: the raw token is never stored, not even in the session.
    return _account_page(request, form=ApiTokenCreateForm(), new_token=(token, raw), status=201)


def _account_page(request, *, form, new_token=None, status=200):
    context = {"tokens": request.user.api_tokens.all(), "form": form, "new_token": new_token}
    return render(request, "members/account.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)
    services.revoke_api_token(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("members:account")
