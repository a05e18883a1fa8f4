"""Celery tasks of the members app."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import IdempotencyKey, MemberState, PeerExchangeRequest, ProfileSubmission
from .workflow import ReviewAction


@shared_task(name="members.check_health")
def check_health():
    """Prove that a worker is alive and reaches the database: returns what it saw."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "database": "ok",
        "member_states": MemberState.objects.count(),
        "checked_at": timezone.now().isoformat(),
    }


@shared_task(name="members.delete_expired_idempotency_keys")
def delete_expired_idempotency_keys():
    """Delete the idempotency keys past their 24 hours (hourly, django-celery-beat): returns
    how many. Expired keys are ignored by the API already; this only reclaims the space."""
    deleted, _by_model = IdempotencyKey.objects.expired().delete()
    return deleted


# Mail goes out in the portal's default language, whatever language the worker thread last
# handled (translation.override works as a decorator too).


def _site_url(path):
    return settings.SITE_URL.rstrip("/") + path if getattr(settings, "SITE_URL", "") else path


@shared_task(name="members.notify_profile_submitted")
@translation.override(settings.LANGUAGE_CODE)
def notify_profile_submitted(submission_id):
    """Tell the secretariat that a member state submitted its profile for review."""
    submission = (
        ProfileSubmission.objects.select_related("member_state", "cycle")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return 0
    recipients = [settings.SECRETARIAT_EMAIL]
    context = {"submission": submission, "url": _site_url(submission.get_absolute_url())}
    subject = _("Profile submitted for review: %(country)s, %(cycle)s") % {
        "country": submission.member_state,
        "cycle": submission.cycle,
    }
    body = render_to_string("members/email/profile_submitted.txt", context)
    return send_mail(subject, body, None, recipients)


@shared_task(name="members.notify_profile_reviewed")
@translation.override(settings.LANGUAGE_CODE)
def notify_profile_reviewed(submission_id):
    """Tell the member state's focal points that their profile was approved or returned, with
    the reviewer's comment."""
    submission = (
        ProfileSubmission.objects.select_related("member_state", "cycle")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return 0
    event = (
        submission.review_events.filter(action__in=[ReviewAction.APPROVE, ReviewAction.RETURN])
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    recipients = list(
        submission.member_state.focal_points.filter(is_active=True).values_list("email", flat=True)
    )
    if event is None or not recipients:
        return 0
    approved = event.action == ReviewAction.APPROVE
    subject = (
        _("Profile approved and published: %(country)s, %(cycle)s")
        if approved
        else _("Profile returned for changes: %(country)s, %(cycle)s")
    ) % {"country": submission.member_state, "cycle": submission.cycle}
    context = {
        "submission": submission,
        "event": event,
        "approved": approved,
        "url": _site_url(submission.get_absolute_url()),
    }
    body = render_to_string("members/email/profile_reviewed.txt", context)
    return send_mail(subject, body, None, recipients)


def _peer_exchange(exchange_id):
    return (
        PeerExchangeRequest.objects.select_related(
            "from_member_state", "to_member_state", "indicator"
        )
        .filter(pk=exchange_id)
        .first()
    )


def _focal_point_emails(member_state):
    return list(member_state.focal_points.filter(is_active=True).values_list("email", flat=True))


@shared_task(name="members.notify_peer_exchange_requested")
@translation.override(settings.LANGUAGE_CODE)
def notify_peer_exchange_requested(exchange_id):
    """Tell the requested member state's focal points that a country asks for an exchange."""
    exchange = _peer_exchange(exchange_id)
    if exchange is None:
        return 0
    recipients = _focal_point_emails(exchange.to_member_state)
    if not recipients:
        return 0
    subject = _("Peer exchange request from %(country)s: %(topic)s") % {
        "country": exchange.from_member_state,
        "topic": exchange.topic,
    }
    context = {"exchange": exchange, "url": _site_url(exchange.get_absolute_url())}
    body = render_to_string("members/email/peer_exchange_requested.txt", context)
    return send_mail(subject, body, None, recipients)


@shared_task(name="members.notify_peer_exchange_answered")
@translation.override(settings.LANGUAGE_CODE)
def notify_peer_exchange_answered(exchange_id):
    """Tell the requesting member state's focal points that the peer accepted or declined."""
    exchange = _peer_exchange(exchange_id)
    if exchange is None or exchange.is_pending:
        return 0
    recipients = _focal_point_emails(exchange.from_member_state)
    if not recipients:
        return 0
    accepted = exchange.status == PeerExchangeRequest.Status.ACCEPTED
    subject = (
        _("%(country)s accepted your peer exchange request: %(topic)s")
        if accepted
        else _("%(country)s declined your peer exchange request: %(topic)s")
    ) % {"country": exchange.to_member_state, "topic": exchange.topic}
    context = {
        "exchange": exchange,
        "accepted": accepted,
        "url": _site_url(exchange.get_absolute_url()),
    }
    body = render_to_string("members/email/peer_exchange_answered.txt", context)
    return send_mail(subject, body, None, recipients)
