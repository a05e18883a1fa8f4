"""Offers: the public list of open offers and an offer's page; the organization's members
create, edit, open and close their offers and see them all on "Your organization's offers"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members.workflow import ConflictError

from .. import permissions, services
from ..api.serializers.offers import offer_rows
from ..forms import OfferCreateForm, OfferEditForm, OfferFilterForm
from ..models import Offer
from ..selectors import offer_table
from .form_errors import apply_errors

PAGE_SIZE = 20
RELATIONS = ("interventions", "components", "who_regions", "member_states")


def filtered_offers(offers, *, q="", kind="", region=None, member_state=None, component=None,
                    intervention=None, year=None):  # fmt: skip
    """`offers` narrowed by the list's filters (each a QuerySet method of offers)."""
    if q:
        offers = offers.matching(q)
    if kind:
        offers = offers.of_kind(kind)
    if region:
        offers = offers.working_in_region(region.pk)
    if member_state:
        offers = offers.working_in(member_state.pk)
    if component:
        offers = offers.covering_component(component.pk)
    if intervention:
        offers = offers.covering_intervention(intervention.code)
    if year:
        offers = offers.covering_year(year)
    return offers


@require_safe
def offer_list(request):
    form = OfferFilterForm(request.GET)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "investments/offer_list.html", context, status=400)
    offers = filtered_offers(Offer.objects.open(), **form.cleaned_data)
    offers = offer_rows(offers).order_by("-updated_at", "-id")
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context |= {"page": page, "offers": offer_table(page), "query": query.urlencode()}
    return render(request, "investments/offer_list.html", context)


@require_safe
def offer_detail(request, pk):
    offer = get_object_or_404(Offer.objects.visible_to(request.user).with_relations(), pk=pk)
    context = {"offer": offer, "can_edit": permissions.can_edit_offer(request.user, offer)}
    return render(request, "investments/offer_detail.html", context)


@login_required
@require_safe
def offer_mine(request):
    organization = request.user.organization
    if organization is None:
        raise PermissionDenied
    offers = offer_rows(Offer.objects.of_organization(organization)).order_by("-updated_at", "-id")
    page = Paginator(offers, 50).get_page(request.GET.get("page"))
    context = {"organization": organization, "page": page, "offers": offer_table(page)}
    return render(request, "investments/offer_mine.html", context)


def _relations_and_fields(data):
    return {name: value for name, value in data.items() if name not in ("version", "status")}


@login_required
def offer_create(request):
    organization = request.user.organization
    if organization is None or not permissions.can_create_offer(request.user, organization):
        raise Http404
    initial = {"contact_email": request.user.email, "contact_name": request.user.full_name}
    form = OfferCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.create_offer(
                organization=organization,
                by=request.user,
                status=form.cleaned_data["status"],
                **_relations_and_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect(offer)
    return render(request, "investments/offer_form.html", {"form": form, "offer": None})


@login_required
def offer_edit(request, pk):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=pk)
    if not permissions.can_edit_offer(request.user, offer):
        raise Http404
    initial = {**OfferEditForm.initial_of(offer), "version": offer.version}
    form = OfferEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.update_offer(
                offer=offer,
                by=request.user,
                version=form.cleaned_data["version"],
                **_relations_and_fields(form.cleaned_data),
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The offer is updated."))
            return redirect(offer)
    return render(request, "investments/offer_form.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_transition(request, pk, action):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=pk)
    if not permissions.can_edit_offer(request.user, offer):
        raise Http404
    service, done = {
        "open": (services.open_offer, _("The offer is open: everyone sees it.")),
        "close": (services.close_offer, _("The offer is closed: it left the public list.")),
    }[action]
    try:
        service(offer=offer, by=request.user, version=request.POST.get("version"))
    except ConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(offer)
