"""Writes of the transparency reports: generating a period, saving revisions, publishing.

Who publishes: the monthly scheduled run publishes at once (nobody has to be there on the 1st);
a run started from the admin or the command makes drafts by default, which the secretariat
reviews and publishes from the admin (or asks to publish at once). A published revision never
changes: re-running its period with changed data makes revision n + 1; with unchanged data it
leaves the published revision as it is, so running a period twice never adds reports.
"""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from celery.result import AsyncResult
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from gidh_portal.response_cache import changes_data
from investments.models import ReportRun, TransparencyReport

from .builder import GENERATOR_VERSION, build_report_data, report_scopes
from .dataset import collect
from .periods import Period

logger = logging.getLogger(__name__)

# Errors that mean "the database is unavailable": the whole task retries rather than recording
# every remaining scope as failed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, SoftTimeLimitExceeded)


@changes_data("investments")
@transaction.atomic
def save_report(*, scope, period, data, publish, run=None) -> TransparencyReport:
    """Store `data` as the draft of (scope, period), or as a new revision after a published one.

    Unchanged figures after a published revision store nothing (idempotent re-runs).
    """
    now = timezone.now()
    latest = (
        TransparencyReport.objects.select_for_update()
        .filter(scope=scope, period=str(period))
        .order_by("-revision")
        .first()
    )
    if latest is not None and latest.is_published and latest.data == data:
        return latest
    if latest is not None and not latest.is_published:
        report = latest
    else:
        report = TransparencyReport(
            scope=scope, period=str(period), revision=latest.revision + 1 if latest else 1
        )
    report.data = data
    report.generated_at = now
    report.data_cutoff = period.cutoff
    report.generator_version = GENERATOR_VERSION
    report.run = run
    if publish:
        report.status = TransparencyReport.Status.PUBLISHED
        report.published_at = now
    report.save()
    return report


@changes_data("investments")
@transaction.atomic
def publish_report(*, report) -> TransparencyReport:
    """Publish a draft; a published report stays as it is."""
    report = TransparencyReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        report.status = TransparencyReport.Status.PUBLISHED
        report.published_at = timezone.now()
        report.save(update_fields=["status", "published_at"])
    return report


@transaction.atomic
def request_report_run(*, period, publish, trigger, by=None) -> ReportRun:
    """Record a run of `period` and queue its task once the record is committed."""
    from investments.tasks import generate_transparency_reports

    run = ReportRun.objects.create(
        period=str(period), publish=publish, trigger=trigger, requested_by=by
    )
    transaction.on_commit(lambda: _queue(run, generate_transparency_reports))
    return run


def _queue(run, task):
    result = task.apply_async(kwargs={"run_id": run.pk})
    ReportRun.objects.filter(pk=run.pk, task_id="").update(task_id=result.id)


def generate_period(*, run, task_id="", on_progress=None) -> ReportRun:
    """Generate every report of `run.period`, one scope at a time, recording what failed.

    One failing scope does not stop the others; a database outage stops the run (and the task
    retries it: the scopes already saved are then unchanged).
    """
    period = Period.parse(run.period)
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.RUNNING,
        started_at=timezone.now(),
        task_id=task_id or run.task_id,
        failures={},
        reports_done=0,
    )
    try:
        dataset = collect(period)
    except TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Transparency reports for %s: the figures could not be collected", period)
        return _finish(run, done=0, total=0, failures={"all": _describe(error)})
    scopes = report_scopes(dataset)
    failures = {}
    done = 0
    for scope in scopes:
        try:
            data = build_report_data(dataset, scope)
            try:
                save_report(scope=scope, period=period, data=data, publish=run.publish, run=run)
            except IntegrityError:
                # Another run inserted the same revision meanwhile: it has committed, so the
                # second attempt sees it and locks it.
                save_report(scope=scope, period=period, data=data, publish=run.publish, run=run)
            done += 1
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:
            logger.exception("Transparency report %s %s failed", scope, period)
            failures[scope] = _describe(error)
        ReportRun.objects.filter(pk=run.pk).update(reports_done=done, reports_total=len(scopes))
        if on_progress is not None:
            on_progress(done + len(failures), len(scopes))
    return _finish(run, done=done, total=len(scopes), failures=failures)


def _describe(error):
    return f"{type(error).__name__}: {error}"


def _finish(run, *, done, total, failures):
    if not failures:
        status = ReportRun.Status.SUCCEEDED
    elif done:
        status = ReportRun.Status.PARTIAL
    else:
        status = ReportRun.Status.FAILED
    ReportRun.objects.filter(pk=run.pk).update(
        status=status,
        finished_at=timezone.now(),
        reports_done=done,
        reports_total=total,
        failures=failures,
    )
    run.refresh_from_db()
    return run


def run_progress(*, run):
    """(reports done, total) of a run: live from the task state while it runs, else the record."""
    if run.task_id and run.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING):
        result = AsyncResult(run.task_id)
        if result.state == "PROGRESS" and isinstance(result.info, dict):
            return result.info.get("done", 0), result.info.get("total", 0)
        if result.state == "SUCCESS" and isinstance(result.result, dict):
            return result.result.get("done", 0), result.result.get("total", 0)
    return run.reports_done, run.reports_total
