"""From a match to a commitment: a focal point invites an offer's organization to a priority;
a member of the organization accepts (a pledge is recorded) or declines with a reason."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import IllegalTransition

from .. import matching, tasks
from ..models import Commitment, Invitation, Offer, Priority
from .commitments import record_commitment

CENT = Decimal("0.01")

# An offer's kind → the commitment's in-kind type (training is technical assistance there).
IN_KIND_TYPES = {
    Offer.Kind.PERSONNEL: Commitment.InKindType.PERSONNEL,
    Offer.Kind.SOFTWARE: Commitment.InKindType.SOFTWARE,
    Offer.Kind.EQUIPMENT: Commitment.InKindType.EQUIPMENT,
    Offer.Kind.TRAINING: Commitment.InKindType.TECHNICAL_ASSISTANCE,
    Offer.Kind.TECHNICAL_ASSISTANCE: Commitment.InKindType.TECHNICAL_ASSISTANCE,
}


@changes_data("investments")
@transaction.atomic
def invite_organization(*, priority, offer, by, language=None) -> Invitation:
    """Invite `offer`'s organization to `priority`; refused unless the offer fits the priority
    now (published plan, a gap left, open offer) or if the organization is already invited.

    The organization's members are told by e-mail once the invitation is committed.
    """
    if matching.match_between(priority, offer) is None:
        raise IllegalTransition(
            _(
                "This offer does not fit this priority: only open offers that fit an open priority "
                "of a published plan can be invited."
            )
        )
    invitation = Invitation(
        priority=priority,
        offer=offer,
        invited_by=by,
        language=_language_code(language or get_language()),
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:
        raise IllegalTransition(
            _("This organization is already invited to this priority.")
        ) from exc
    tasks.notify_invitation_sent.delay_on_commit(invitation.pk)
    return invitation


def suggested_amount(offer, gap_usd):
    """The pledge an acceptance proposes, in the offer's currency: its capacity, or the
    priority's remaining gap if smaller (converted at the capacity's own rate, the one that gave
    `capacity_usd`); None when the offer states no capacity."""
    if offer.capacity_amount is None:
        return None
    if not offer.capacity_usd or gap_usd is None:
        return offer.capacity_amount
    gap = (gap_usd * offer.capacity_amount / offer.capacity_usd).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    return max(min(offer.capacity_amount, gap), CENT)


def pledge_year(plan, offer, today=None):
    """The pledge's year: this year, brought within both the plan period and the offer's years
    (they overlap: the offer fits)."""
    first = max(plan.start_year, offer.first_year)
    last = min(plan.end_year, offer.last_year)
    year = (today or timezone.localdate()).year
    return min(max(year, first), max(first, last))


@changes_data("investments")
@transaction.atomic
def accept_invitation(*, invitation, by, amount=None, currency=None) -> Invitation:
    """Accept an invitation: records one pledged commitment of the offer's organization to the
    priority (through `record_commitment`) and links it.

    `amount` (and `currency`) default to `suggested_amount` in the offer's currency; an offer
    without a stated capacity needs an amount. Accepting twice, or twice at once, records one
    commitment: the invitation row is locked and the second call finds it answered.
    """
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != Invitation.Status.INVITED:
        raise IllegalTransition(_("This invitation has already been answered."))
    offer = Offer.objects.select_related("organization").get(pk=current.offer_id)
    priority = Priority.objects.with_usd_totals().select_related("plan").get(pk=current.priority_id)
    if offer.status != Offer.Status.OPEN:
        raise IllegalTransition(_("This offer is no longer open."))
    if amount in (None, ""):
        amount = suggested_amount(offer, priority.gap_usd)
        if amount is None:
            raise ValidationError(
                {"amount": _("This offer states no capacity: give the amount you pledge.")}
            )
    currency = (currency or offer.currency or "USD").upper()
    in_kind = offer.kind != Offer.Kind.CASH
    commitment = record_commitment(
        plan=priority.plan,
        priority=priority,
        by=by,
        organization=offer.organization,
        kind=Commitment.Kind.IN_KIND if in_kind else Commitment.Kind.CASH,
        in_kind_type=IN_KIND_TYPES.get(offer.kind, "") if in_kind else "",
        description=_("%(offer)s (invitation to priority %(rank)s)")
        % {"offer": offer.title, "rank": priority.rank},
        currency=currency,
        year=pledge_year(priority.plan, offer),
        amount=amount,
    )
    current.status = Invitation.Status.ACCEPTED
    current.commitment = commitment
    current.answered_by = by
    current.answered_at = timezone.now()
    current.save(update_fields=["status", "commitment", "answered_by", "answered_at", "updated_at"])
    tasks.notify_invitation_answered.delay_on_commit(current.pk)
    return current


@changes_data("investments")
@transaction.atomic
def decline_invitation(*, invitation, by, reason) -> Invitation:
    """Decline an invitation with a reason, which the focal points read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you decline.")})
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != Invitation.Status.INVITED:
        raise IllegalTransition(_("This invitation has already been answered."))
    current.status = Invitation.Status.DECLINED
    current.decline_reason = reason
    current.answered_by = by
    current.answered_at = timezone.now()
    Invitation._meta.get_field("decline_reason").clean(reason, current)
    current.save(
        update_fields=["status", "decline_reason", "answered_by", "answered_at", "updated_at"]
    )
    tasks.notify_invitation_answered.delay_on_commit(current.pk)
    return current


def _language_code(language):
    codes = {code for code, _name in settings.LANGUAGES}
    language = (language or "").lower()
    return language if language in codes else settings.LANGUAGE_CODE
