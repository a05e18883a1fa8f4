"""Peer exchange requests: sent from the peers list by a focal point, answered by the peer
country's focal points (docs/profiles.md#peers-to-learn-from)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import permissions, services
from ..forms import PeerExchangeDeclineForm, PeerExchangeRequestForm
from ..models import GdhmIndicator, MemberState, PeerExchangeRequest
from ..peers import is_peer


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def peer_exchange_create(request, iso3, code):
    country = request.user.member_state
    if not permissions.can_request_peer_exchange(request.user, country):
        raise PermissionDenied
    peer = get_object_or_404(MemberState, iso3=iso3.upper())
    indicator = get_object_or_404(GdhmIndicator, code=code)
    if peer.pk == country.pk or not is_peer(peer, indicator):
        raise Http404
    form = PeerExchangeRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        try:
            exchange = services.request_peer_exchange(
                from_member_state=country,
                to_member_state=peer,
                indicator=indicator,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was sent to the focal points of %s.") % peer)
            return redirect(exchange)
    if form.is_bound:
        status = 400
    context = {"form": form, "country": country, "peer": peer, "indicator": indicator}
    return render(request, "members/peer_exchanges/form.html", context, status=status)


def _visible_exchange(request, pk):
    return get_object_or_404(PeerExchangeRequest.objects.visible_to(request.user).for_list(), pk=pk)


@require_safe
def peer_exchange_detail(request, pk):
    return _detail_page(request, _visible_exchange(request, pk))


def _detail_page(request, exchange, decline_form=None, status=200):
    context = {
        "exchange": exchange,
        "can_answer": permissions.can_answer_peer_exchange(request.user, exchange),
        "decline_form": decline_form or PeerExchangeDeclineForm(),
    }
    return render(request, "members/peer_exchanges/detail.html", context, status=status)


@login_required
@require_POST
def peer_exchange_accept(request, pk):
    exchange = _visible_exchange(request, pk)
    if not permissions.can_answer_peer_exchange(request.user, exchange):
        raise PermissionDenied
    try:
        services.accept_peer_exchange(exchange=exchange, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You accepted the request; the exchange is now public."))
    return redirect(exchange)


@login_required
@require_POST
def peer_exchange_decline(request, pk):
    exchange = _visible_exchange(request, pk)
    if not permissions.can_answer_peer_exchange(request.user, exchange):
        raise PermissionDenied
    form = PeerExchangeDeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_peer_exchange(
                exchange=exchange, by=request.user, reason=form.cleaned_data["decline_reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You declined the request."))
        return redirect(exchange)
    return _detail_page(request, exchange, decline_form=form, status=400)
