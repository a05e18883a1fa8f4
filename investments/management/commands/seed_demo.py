"""`python manage.py seed_demo`: the deterministic demo used by `make run`.

It lives in `investments`, the app at the top of the arrows, because it seeds every app.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members import demo as members_demo
from resources import demo as resources_demo

DEFAULT_PASSWORD = "gidh-demo-2026"


class Command(BaseCommand):
    help = "Create the demo data and accounts (idempotent: running it again changes nothing new)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of every demo account (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--resources",
            type=int,
            default=0,
            help="Also build a large catalogue of this many published resources (benchmarks).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a production database).",
        )

    def handle(self, *args, password, force, resources, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a production database: seed_demo creates demo "
                "accounts with a known password. Run it with --force if you are sure."
            )
        log = self.stdout.write
        log("Seeding members…")
        members_demo.seed(password=password, log=log)
        log("Seeding the resource catalogue…")
        resources_demo.seed(log=log)
        if resources:
            resources_demo.seed_bulk(count=resources, log=log)
        log(self.style.SUCCESS(f"Demo data ready. Every demo account's password: {password}"))
