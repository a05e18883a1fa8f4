"""Celery tasks of the investments app: the periodic transparency reports."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from .models import ReportRun
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


# The digests' tasks live with the follows; importing them here lets autodiscovery register them.
from .follows.tasks import send_digest, send_due_digests  # noqa: E402, F401
