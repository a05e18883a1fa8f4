from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenCreateForm, CountrySearchForm
from .models import MemberState, Organization, WhoRegion


def home(request):
    regions = WhoRegion.objects.annotate(member_state_count=Count("member_states"))
    context = {
        "member_state_count": MemberState.objects.count(),
        "organization_count": Organization.objects.count(),
        "regions": regions,
    }
    return render(request, "home.html", context)


def country_list(request):
    form = CountrySearchForm(request.GET or None)
    countries = MemberState.objects.select_related("who_region")
    if form.is_valid():
        countries = countries.matching(form.cleaned_data["q"])
        region = form.cleaned_data["region"]
        countries = countries.in_region(region.code if region else None)
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
