"""The offers that fit a priority, the focal point's invitations, and the partner's page of
asks that fit its offers and invitations to answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members.workflow import ConflictError

from .. import matching, permissions, services
from ..forms import InvitationAcceptForm, InvitationDeclineForm, InviteForm
from ..models import Invitation, Offer, Priority
from .form_errors import apply_errors

INVITATIONS_PAGE_SIZE = 50


def _published_priority(pk):
    priorities = Priority.objects.published().with_usd_totals()
    priorities = priorities.select_related("plan__member_state__who_region", "component")
    return get_object_or_404(priorities, pk=pk)


@require_safe
def priority_matches(request, pk):
    priority = _published_priority(pk)
    can_invite = permissions.can_invite_to_priority(request.user, priority)
    invited = {}
    if can_invite:
        invitations = priority.invitations.exclude(status=Invitation.Status.DECLINED)
        invited = {invitation.offer_id: invitation for invitation in invitations}
    matches = matching.matches_of_priority(priority)
    for match in matches:
        match.invitation = invited.get(match.offer_id)
    context = {
        "priority": priority,
        "matches": matches,
        "total": matches[0].priority_total if matches else 0,
        "can_invite": can_invite,
        "invite_form": InviteForm(),
    }
    return render(request, "investments/priority_matches.html", context)


@login_required
@require_POST
def priority_invite(request, pk):
    priority = _published_priority(pk)
    if not permissions.can_invite_to_priority(request.user, priority):
        raise PermissionDenied
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an offer to invite."))
        return redirect("investments:priority-matches", pk=priority.pk)
    offer = get_object_or_404(Offer.objects.open(), pk=form.cleaned_data["offer"])
    try:
        services.invite_organization(priority=priority, offer=offer, by=request.user)
    except (ValidationError, ConflictError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("%(organization)s is invited; its members are told by e-mail.")
            % {"organization": offer.organization},
        )
    return redirect("investments:priority-matches", pk=priority.pk)


@login_required
@require_safe
def invitation_list(request):
    return _invitations_page(request)


@login_required
@require_POST
def invitation_accept(request, pk):
    invitation = _invitation_to_answer(request, pk)
    form = InvitationAcceptForm(request.POST, auto_id=f"id_accept_{pk}_%s")
    if form.is_valid():
        try:
            services.accept_invitation(
                invitation=invitation, by=request.user, amount=form.cleaned_data["amount"]
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "You accepted: your pledge is recorded. It counts publicly once committed "
                    "and verified by the secretariat."
                ),
            )
            return redirect("investments:invitation-list")
    return _invitations_page(request, forms={pk: {"accept": form}}, status=400)


@login_required
@require_POST
def invitation_decline(request, pk):
    invitation = _invitation_to_answer(request, pk)
    form = InvitationDeclineForm(request.POST, auto_id=f"id_decline_{pk}_%s")
    if form.is_valid():
        try:
            services.decline_invitation(
                invitation=invitation, by=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("You declined; the country's focal point is told why."))
            return redirect("investments:invitation-list")
    return _invitations_page(request, forms={pk: {"decline": form}}, status=400)


def _invitation_to_answer(request, pk):
    invitations = Invitation.objects.visible_to(request.user).select_related("offer")
    invitation = get_object_or_404(invitations, pk=pk)
    if not permissions.can_answer_invitation(request.user, invitation):
        raise PermissionDenied
    return invitation


def _invitations_page(request, *, forms=None, status=200):
    user = request.user
    invitations = Invitation.objects.visible_to(user).for_listing()
    page = Paginator(invitations, INVITATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    forms = forms or {}
    for invitation in page.object_list:
        own = forms.get(invitation.pk, {})
        invitation.can_answer = permissions.can_answer_invitation(user, invitation)
        invitation.accept_form = own.get("accept") or InvitationAcceptForm(
            auto_id=f"id_accept_{invitation.pk}_%s"
        )
        invitation.decline_form = own.get("decline") or InvitationDeclineForm(
            auto_id=f"id_decline_{invitation.pk}_%s"
        )
    context = {
        "page": page,
        "asks": matching.asks_for_organization(user.organization) if user.organization_id else [],
        "is_partner": user.organization_id is not None,
        "is_focal_point": user.member_state_id is not None,
    }
    return render(request, "investments/invitations.html", context, status=status)
