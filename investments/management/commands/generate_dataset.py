"""Generate the global dataset synchronously (what the scheduled task runs), showing progress."""

from django.core.management.base import BaseCommand

from investments.global_dataset import services


class Command(BaseCommand):
    help = (
        "Regenerate the global dataset's latest edition if the data changed (or with --force) "
        "and freeze each published reporting cycle not frozen yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Regenerate even if the data did not change."
        )

    def handle(self, *args, force=False, **options):
        def progress(name, rows):
            self.stdout.write(f"  {name}: {rows} rows written…")

        result = services.generate_dataset(force=force, on_progress=progress)
        if result.status == "busy":
            self.stderr.write("Another generation is running; nothing done.")
            return
        for name, rows in result.rows.items():
            self.stdout.write(f"latest/{name}: {rows} rows")
        for year in result.frozen:
            self.stdout.write(f"{year}: frozen")
        if result.status == "unchanged":
            self.stdout.write("The data did not change: the files are current.")
