"""Load exchange rates from a CSV file (e.g. a newly published year) and derive every stored
conversion and figure again (docs/money.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from investments import rate_services


class Command(BaseCommand):
    help = (
        "Load exchange rates from a CSV file with the columns currency,year,units_per_usd,source "
        "(the format of investments/data/exchange_rates_usd.csv): new rates are added, rates "
        "already stored for a currency and year are replaced, in one transaction, and the "
        "figures of every plan are derived again. A file with any invalid line stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file, e.g. exchange_rates_2026.csv.")

    def handle(self, *args, path, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{path}: no such file. Give the path of the CSV file to load.")
        with source.open("rb") as file:
            try:
                loaded = rate_services.load_exchange_rates(file=file, progress=self._say)
            except rate_services.RatesFileError as error:
                for message in error.messages:
                    self.stderr.write(f"{path}: {message}")
                raise CommandError(
                    f"{path}: nothing was loaded; correct the file and run the command again."
                ) from error
        years = ", ".join(str(year) for year in loaded.years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {path}: {loaded.added} added, {loaded.changed} changed, "
                f"{loaded.unchanged} unchanged (years {years})."
            )
        )

    def _say(self, message):
        self.stdout.write(str(message))
