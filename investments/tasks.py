"""Celery tasks of the investments app: the periodic transparency reports, and the e-mails
of invitations."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from .models import Invitation, ReportRun
from .reports import services as report_services
from .reports.periods import Period

TASK_NAME = "investments.generate_transparency_reports"
# Retries back off up to 10 minutes, and a run is cut after 11: both stay far below the Redis
# broker's visibility timeout (1 hour, CELERY_BROKER_TRANSPORT_OPTIONS), so an unacknowledged
# (acks_late) message is never handed to a second worker while the first still works on it.
RETRY_BACKOFF_MAX = 600
SOFT_TIME_LIMIT = 600
TIME_LIMIT = 660


@shared_task(
    bind=True,
    name=TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=False,
    autoretry_for=(OperationalError, InterfaceError, BrokerError),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def generate_transparency_reports(self, run_id=None, period=None):
    """Generate the global and regional reports of a period; idempotent.

    Without `run_id` (the monthly schedule) it reports on the last complete month, or on
    `period`, and publishes at once.
    """
    if run_id is None:
        # A retry keeps the task id: it continues the run its first attempt recorded.
        run = ReportRun.objects.filter(task_id=self.request.id).first() if self.request.id else None
        run = run or ReportRun.objects.create(
            period=str(Period.parse(period) if period else Period.last_complete()),
            publish=True,
            trigger=ReportRun.Trigger.SCHEDULE,
            task_id=self.request.id or "",
        )
    else:
        run = ReportRun.objects.get(pk=run_id)

    def progress(done, total):
        if self.request.id and not self.request.is_eager:
            self.update_state(
                state="PROGRESS", meta={"done": done, "total": total, "period": run.period}
            )

    run = report_services.generate_period(
        run=run, task_id=self.request.id or "", on_progress=progress
    )
    return {
        "run": run.pk,
        "period": run.period,
        "status": run.status,
        "done": run.reports_done,
        "total": run.reports_total,
        "failures": run.failures,
    }


def _site_url(path):
    return settings.SITE_URL.rstrip("/") + path if getattr(settings, "SITE_URL", "") else path


def _invitation(invitation_id):
    return (
        Invitation.objects.select_related(
            "priority__plan__member_state", "offer__organization", "invited_by", "commitment"
        )
        .filter(pk=invitation_id)
        .first()
    )


@shared_task(name="investments.notify_invitation_sent")
def notify_invitation_sent(invitation_id):
    """Tell the invited organization (its active members and the offer's contact) that a
    country invites it to a priority. In the portal's default language: an account records
    no language of its own."""
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.status != Invitation.Status.INVITED:
        return 0
    offer = invitation.offer
    members = offer.organization.members.filter(is_active=True).values_list("email", flat=True)
    recipients = sorted({*members, offer.contact_email} - {""})
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(country)s invites %(organization)s to a priority of its plan") % {
            "country": invitation.priority.plan.member_state.name,
            "organization": offer.organization,
        }
        url = _site_url(reverse("investments:invitation-list"))
        context = {"invitation": invitation, "url": url}
        body = render_to_string("investments/email/invitation_sent.txt", context)
    return send_mail(subject, body, None, recipients)


@shared_task(name="investments.notify_invitation_answered")
def notify_invitation_answered(invitation_id):
    """Tell the focal point who invited (else the country's active focal points) that the
    organization accepted, with the pledge recorded, or declined, with its reason; in the
    language they invited in."""
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.status == Invitation.Status.INVITED:
        return 0
    inviter = invitation.invited_by
    if inviter is not None and inviter.is_active:
        recipients = [inviter.email]
    else:
        member_state = invitation.priority.plan.member_state
        recipients = list(
            member_state.focal_points.filter(is_active=True).values_list("email", flat=True)
        )
    if not recipients:
        return 0
    accepted = invitation.status == Invitation.Status.ACCEPTED
    with translation.override(invitation.language):
        names = {
            "organization": invitation.offer.organization,
            "priority": invitation.priority.title,
        }
        subject = (
            _("%(organization)s accepted your invitation to “%(priority)s”")
            if accepted
            else _("%(organization)s declined your invitation to “%(priority)s”")
        ) % names
        path = (
            invitation.commitment.get_absolute_url()
            if accepted
            else reverse("investments:invitation-list")
        )
        context = {"invitation": invitation, "accepted": accepted, "url": _site_url(path)}
        body = render_to_string("investments/email/invitation_answered.txt", context)
    return send_mail(subject, body, None, recipients)
