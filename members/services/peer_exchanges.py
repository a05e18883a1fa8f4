"""Peer exchange requests: sent by a member state's focal point to a peer country, accepted or
declined by the peer's focal points; the other side is told by e-mail after commit."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data

from .. import tasks
from ..models import PeerExchangeRequest
from ..peers import is_peer


@changes_data("members")
@transaction.atomic
def request_peer_exchange(
    *, from_member_state, to_member_state, indicator, topic, message, by
) -> PeerExchangeRequest:
    """Send a request to a peer country; refuses one to itself, to a member state that is not
    at phase 4–5 on the indicator in its published profile, or a second pending one."""
    if from_member_state.pk == to_member_state.pk:
        raise ValidationError(_("A member state cannot ask itself for an exchange."))
    if not is_peer(to_member_state, indicator):
        raise ValidationError(
            _("%(country)s is not at phase 4 or 5 on this indicator in its published profile.")
            % {"country": to_member_state.name}
        )
    exchange = PeerExchangeRequest(
        from_member_state=from_member_state,
        to_member_state=to_member_state,
        indicator=indicator,
        topic=topic,
        message=message,
        requested_by=by,
    )
    exchange.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            exchange.save()
    except IntegrityError as error:
        raise ValidationError(
            _("A request to this member state on this indicator is already pending.")
        ) from error
    tasks.notify_peer_exchange_requested.delay_on_commit(exchange.pk)
    return exchange


def _answer(exchange, *, status, by, reason=""):
    exchange = PeerExchangeRequest.objects.select_for_update().get(pk=exchange.pk)
    if not exchange.is_pending:
        raise ValidationError(_("This request has already been answered."), code="answered")
    exchange.status = status
    exchange.decline_reason = reason
    exchange.responded_by = by
    exchange.responded_at = timezone.now()
    exchange.save(update_fields=["status", "decline_reason", "responded_by", "responded_at"])
    tasks.notify_peer_exchange_answered.delay_on_commit(exchange.pk)
    return exchange


@changes_data("members")
@transaction.atomic
def accept_peer_exchange(*, exchange, by) -> PeerExchangeRequest:
    """Accept a pending request: it becomes a public ongoing exchange of both countries."""
    return _answer(exchange, status=PeerExchangeRequest.Status.ACCEPTED, by=by)


@changes_data("members")
@transaction.atomic
def decline_peer_exchange(*, exchange, by, reason) -> PeerExchangeRequest:
    """Decline a pending request, saying why (the requesting country reads the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decline_reason": _("Say why you decline the request.")})
    PeerExchangeRequest._meta.get_field("decline_reason").clean(reason, exchange)
    return _answer(exchange, status=PeerExchangeRequest.Status.DECLINED, by=by, reason=reason)
