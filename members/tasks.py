"""Celery tasks of the members app."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gidh_portal.mail import send_each

from . import services
from .models import (
    CycleReminder,
    GdhmComponent,
    GdhmIndicator,
    IdempotencyKey,
    MemberState,
    PeerExchangeRequest,
    ProfileSubmission,
    ReportingCycle,
    SecretariatSummary,
    member_states_not_submitted,
    profile_sections,
)
from .workflow import ReviewAction, ReviewStatus


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


@shared_task(name="members.send_cycle_reminders")
def send_cycle_reminders():
    """Daily (django-celery-beat): record the reminders due today and queue their mails;
    returns how many. Any number of runs a day sends each reminder once."""
    return len(services.record_cycle_reminders(day=timezone.localdate()))


@shared_task(name="members.send_secretariat_summaries")
def send_secretariat_summaries():
    """Weekly (django-celery-beat): record this week's summary for each member of the
    secretariat not sent it yet and queue the mails; returns how many."""
    return len(services.record_secretariat_summaries(day=timezone.localdate()))


def _send_once(model, pk, compose, recipient):
    """Send the mail of the recorded `model` row once: the row is claimed (`sent_at` set)
    before sending, so a second delivery of the task sends nothing, and released if sending
    fails, so a retry can."""
    if not model.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now()):
        return 0
    try:
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            subject, body = compose()
        return send_mail(subject, body, None, [recipient.email])
    except Exception:
        model.objects.filter(pk=pk).update(sent_at=None)
        raise


@shared_task(name="members.send_cycle_reminder")
def send_cycle_reminder(reminder_id):
    """Mail one recorded reminder to its focal point, in their language, with what the draft
    still misses and a link to it; nothing if sent already, or if the profile was submitted or
    the user left the member state since it was recorded."""
    reminder = (
        CycleReminder.objects.select_related("cycle", "user", "member_state")
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return 0
    user = reminder.user
    submission = (
        ProfileSubmission.objects.with_answers()
        .filter(member_state=reminder.member_state_id, cycle=reminder.cycle_id)
        .first()
    )
    if not user.is_active or user.member_state_id != reminder.member_state_id:
        return 0
    if submission is not None and submission.status not in (
        ReviewStatus.DRAFT,
        ReviewStatus.RETURNED,
    ):
        return 0
    return _send_once(
        CycleReminder, reminder.pk, lambda: _cycle_reminder_mail(reminder, submission), user
    )


def _cycle_reminder_mail(reminder, submission):
    cycle = reminder.cycle
    days_left = max((cycle.closes_on - timezone.localdate()).days, 0)
    names = {"country": reminder.member_state.name, "cycle": cycle, "days": days_left}
    if days_left == 0:
        subject = _("Last day to submit the %(cycle)s profile of %(country)s") % names
    else:
        subject = (
            ngettext(
                "%(days)d day left to submit the %(cycle)s profile of %(country)s",
                "%(days)d days left to submit the %(cycle)s profile of %(country)s",
                days_left,
            )
            % names
        )
    sections = []
    if submission is None:
        url = _site_url(reverse("members:my-country"))
    else:
        url = _site_url(submission.get_absolute_url())
        missing = submission.missing_by_section(list(GdhmIndicator.objects.all()))
        for slug, label in profile_sections(GdhmComponent.objects.all()):
            if missing.get(slug):
                kwargs = {"pk": submission.pk, "section": slug}
                edit = reverse("members:profile-edit", kwargs=kwargs)
                sections.append({"label": label, "missing": missing[slug], "url": _site_url(edit)})
    context = {
        "country": reminder.member_state.name,
        "cycle": cycle,
        "days_left": days_left,
        "submission": submission,
        "returned": submission is not None and submission.status == ReviewStatus.RETURNED,
        "sections": sections,
        "url": url,
    }
    return subject, render_to_string("members/email/cycle_reminder.txt", context)


@shared_task(name="members.send_secretariat_summary")
def send_secretariat_summary(summary_id):
    """Mail one recorded weekly summary to its member of the secretariat, in their language:
    for each cycle open today, the member states that have not submitted, by WHO region."""
    summary = (
        SecretariatSummary.objects.select_related("user")
        .filter(pk=summary_id, sent_at__isnull=True)
        .first()
    )
    if summary is None or not summary.user.is_secretariat:
        return 0
    return _send_once(SecretariatSummary, summary.pk, _secretariat_summary_mail, summary.user)


def _secretariat_summary_mail():
    today = timezone.localdate()
    totals = dict(
        MemberState.objects.order_by()
        .values("who_region")
        .annotate(total=Count("pk"))
        .values_list("who_region", "total")
    )
    statuses = dict(ReviewStatus.choices)
    cycles = []
    for cycle in ReportingCycle.objects.open_on(today).order_by("closes_on", "year"):
        status_of = dict(
            ProfileSubmission.objects.filter(cycle=cycle).values_list("member_state", "status")
        )
        regions = {}
        for member_state in member_states_not_submitted(cycle).select_related("who_region"):
            region = regions.setdefault(
                member_state.who_region_id,
                {"region": member_state.who_region, "member_states": []},
            )
            status = status_of.get(member_state.pk)
            region["member_states"].append(
                {
                    "name": member_state.name,
                    "status": statuses[status] if status else _("not started"),
                }
            )
        rows = []
        for code, region in sorted(regions.items()):
            region["member_states"].sort(key=lambda row: row["name"])
            region["count"] = len(region["member_states"])
            region["total"] = totals.get(code, 0)
            rows.append(region)
        cycles.append(
            {
                "cycle": cycle,
                "regions": rows,
                "count": sum(row["count"] for row in rows),
                "total": sum(totals.values()),
            }
        )
    subject = _("Weekly summary: member states that have not submitted their profile")
    context = {"cycles": cycles, "url": _site_url(reverse("members:review-queue"))}
    return subject, render_to_string("members/email/secretariat_summary.txt", context)


def _peer_exchange(exchange_id):
    return (
        PeerExchangeRequest.objects.select_related(
            "from_member_state", "to_member_state", "indicator"
        )
        .filter(pk=exchange_id)
        .first()
    )


def _active_focal_points(member_state):
    return member_state.focal_points.filter(is_active=True).values_list("email", "language")


@shared_task(name="members.notify_peer_exchange_requested")
def notify_peer_exchange_requested(exchange_id):
    """Tell the requested member state's focal points, each in their language, that a country
    asks for an exchange."""
    exchange = _peer_exchange(exchange_id)
    if exchange is None:
        return 0
    context = {"exchange": exchange, "url": _site_url(exchange.get_absolute_url())}

    def compose():
        subject = _("Peer exchange request from %(country)s: %(topic)s") % {
            "country": exchange.from_member_state,
            "topic": exchange.topic,
        }
        return subject, render_to_string("members/email/peer_exchange_requested.txt", context)

    return send_each(_active_focal_points(exchange.to_member_state), compose)


@shared_task(name="members.notify_peer_exchange_answered")
def notify_peer_exchange_answered(exchange_id):
    """Tell the requesting member state's focal points, each in their language, that the peer
    accepted or declined."""
    exchange = _peer_exchange(exchange_id)
    if exchange is None or exchange.is_pending:
        return 0
    accepted = exchange.status == PeerExchangeRequest.Status.ACCEPTED
    context = {
        "exchange": exchange,
        "accepted": accepted,
        "url": _site_url(exchange.get_absolute_url()),
    }

    def compose():
        subject = (
            _("%(country)s accepted your peer exchange request: %(topic)s")
            if accepted
            else _("%(country)s declined your peer exchange request: %(topic)s")
        ) % {"country": exchange.to_member_state, "topic": exchange.topic}
        return subject, render_to_string("members/email/peer_exchange_answered.txt", context)

    return send_each(_active_focal_points(exchange.from_member_state), compose)
