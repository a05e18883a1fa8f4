"""`python manage.py seed_demo`: the deterministic demo used by `make run`.

It lives in `investments`, the app at the top of the arrows, because it seeds every app.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gidh_portal.audit import without_history
from gidh_portal.response_cache import every_data_changed
from investments import demo as investments_demo
from investments.global_dataset import services as dataset_services
from investments.reports.periods import Period
from members import demo as members_demo
from resources import demo as resources_demo

DEFAULT_PASSWORD = "gidh-demo-2026"
LARGE_RESOURCES = 100_000


class Command(BaseCommand):
    help = "Create the demo data and accounts (idempotent: running it again changes nothing new)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of every demo account (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--scale",
            choices=["demo", "large"],
            default="demo",
            help=(
                "'large' (benchmarks) adds 2,000 organizations, 5,000 users, five reporting "
                "cycles of profiles for 194 member states, 100,000 resources, 20,000 "
                "priorities and 50,000 commitments."
            ),
        )
        parser.add_argument(
            "--resources",
            type=int,
            default=None,
            help=(
                "Also build a catalogue of this many published resources "
                "(default: none, or 100,000 with --scale large)."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a production database: seed_demo creates demo "
                "accounts with a known password. Run it with --force if you are sure."
            )
        # Demo rows are nobody's edits: the audit trail starts with the first real change, and
        # recording every seeded row would slow the large seed down for nothing.
        with without_history():
            self._seed(**options)
        # The seeded rows bypass the services: no cached page or value may show the data before.
        every_data_changed()
        # The global dataset's files of the demo data (the schedule would, within minutes, where
        # a worker and beat run; `make run` has neither).
        generation = dataset_services.generate_dataset(force=True)
        frozen = ", ".join(map(str, generation.frozen)) or "none"
        self.stdout.write(f"Global dataset generated (frozen cycles: {frozen}).")

    def _seed(self, *, password, scale, resources, **options):
        started = time.monotonic()

        def log(message):
            # Elapsed time on every line: the large seed runs for minutes.
            self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")

        # The demo's story happened before this month: every row is recorded before the cut-off
        # of last month's transparency reports, published below, so they agree with the pages.
        before = Period.last_complete().cutoff
        log("Seeding members…")
        members_demo.seed(password=password, log=log, recorded_before=before)
        log("Seeding the resource catalogue…")
        resources_demo.seed(log=log, recorded_before=before)
        if scale == "large":
            members_demo.seed_large(password=password, log=log)
        if scale == "large" and not resources:
            resources = LARGE_RESOURCES
        if resources:
            resources_demo.seed_bulk(count=resources, log=log)
        log("Seeding investments…")
        investments_demo.seed(log=log, recorded_before=before)
        investments_demo.seed_offers(log=log, recorded_before=before)
        if scale == "large":
            investments_demo.seed_large(log=log)
            investments_demo.seed_large_offers(log=log)
        log("Publishing the transparency reports of last month…")
        investments_demo.seed_transparency_reports(log=log)
        log(self.style.SUCCESS(f"Demo data ready. Every demo account's password: {password}"))
