"""Celery tasks of the members app."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import IdempotencyKey, MemberState, ProfileSubmission
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
