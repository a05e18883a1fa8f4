"""Generate a period's transparency reports synchronously (the service the schedule runs)."""

from django.core.management.base import BaseCommand, CommandError

from investments.models import ReportRun
from investments.reports import services as report_services
from investments.reports.periods import Period


class Command(BaseCommand):
    help = (
        "Generate the global and regional transparency reports of a month (by default the last "
        "complete one). Reports stay drafts for the secretariat unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="The month, as YYYY-MM (default: last month).")
        parser.add_argument("--publish", action="store_true", help="Publish the reports at once.")

    def handle(self, *args, period=None, publish=False, **options):
        try:
            chosen = Period.parse(period) if period else Period.last_complete()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not chosen.is_complete:
            self.stderr.write(f"Note: {chosen} is not over yet; its figures will still change.")
        run = ReportRun.objects.create(
            period=str(chosen), publish=publish, trigger=ReportRun.Trigger.COMMAND
        )
        run = report_services.generate_period(run=run)
        self.stdout.write(
            f"{chosen}: {run.reports_done} of {run.reports_total} reports "
            f"{'published' if publish else 'saved as drafts'}."
        )
        for scope, error in run.failures.items():
            self.stderr.write(f"  {scope} failed: {error}")
        if run.failures:
            raise CommandError(f"{len(run.failures)} report(s) failed.")
