"""Celery tasks of the investments app: the periodic transparency reports and the global
dataset."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from .global_dataset import services as dataset_services
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
