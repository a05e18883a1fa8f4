"""Celery tasks of the investments app: the periodic transparency reports, the global
dataset and the e-mails of invitations."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from gidh_portal.mail import send_each

from .global_dataset import services as dataset_services
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
    """Tell the invited organization (its active members, each in their language, and the
    offer's contact if not one of them, in the portal's language) that a country invites it to
    a priority."""
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.status != Invitation.Status.INVITED:
        return 0
    offer = invitation.offer
    members = dict(
        offer.organization.members.filter(is_active=True).values_list("email", "language")
    )
    if offer.contact_email and offer.contact_email not in members:
        members[offer.contact_email] = ""
    context = {"invitation": invitation, "url": _site_url(reverse("investments:invitation-list"))}

    def compose():
        subject = _("%(country)s invites %(organization)s to a priority of its plan") % {
            "country": invitation.priority.plan.member_state.name,
            "organization": offer.organization,
        }
        return subject, render_to_string("investments/email/invitation_sent.txt", context)

    return send_each(sorted(members.items()), compose)


@shared_task(name="investments.notify_invitation_answered")
def notify_invitation_answered(invitation_id):
    """Tell the focal point who invited (else the country's active focal points) that the
    organization accepted, with the pledge recorded, or declined, with its reason; each in the
    language of their e-mails, else the one they invited in."""
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.status == Invitation.Status.INVITED:
        return 0
    inviter = invitation.invited_by
    if inviter is not None and inviter.is_active:
        users = [inviter]
    else:
        users = invitation.priority.plan.member_state.focal_points.filter(is_active=True)
    recipients = [(user.email, user.language or invitation.language) for user in users]
    accepted = invitation.status == Invitation.Status.ACCEPTED
    path = (
        invitation.commitment.get_absolute_url()
        if accepted
        else reverse("investments:invitation-list")
    )
    context = {"invitation": invitation, "accepted": accepted, "url": _site_url(path)}

    def compose():
        names = {
            "organization": invitation.offer.organization,
            "priority": invitation.priority.title,
        }
        subject = (
            _("%(organization)s accepted your invitation to “%(priority)s”")
            if accepted
            else _("%(organization)s declined your invitation to “%(priority)s”")
        ) % names
        return subject, render_to_string("investments/email/invitation_answered.txt", context)

    return send_each(recipients, compose)


DATASET_TASK_NAME = "investments.generate_dataset"


@shared_task(
    bind=True,
    name=DATASET_TASK_NAME,
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
def generate_dataset(self, force=False):
    """Regenerate the global dataset's latest edition if the data changed since its files were
    written (or `force`), and freeze each published reporting cycle once; idempotent.

    The schedule runs it every few minutes: a change is in the files within that delay, and
    several changes in a row make one generation (the task does nothing while nothing changed)."""

    def progress(name, rows):
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"file": name, "rows": rows})

    result = dataset_services.generate_dataset(force=force, on_progress=progress)
    return {
        "status": result.status,
        "latest": result.latest,
        "frozen": result.frozen,
        "rows": result.rows,
    }


# The digests' tasks live with the follows; importing them here lets autodiscovery register them.
from .follows.tasks import send_digest, send_due_digests  # noqa: E402, F401
