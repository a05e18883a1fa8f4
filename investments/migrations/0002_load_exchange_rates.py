"""Load the World Bank annual average exchange rates shipped in investments/data/."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "exchange_rates_usd.csv"


def load(apps, schema_editor):
    ExchangeRate = apps.get_model("investments", "ExchangeRate")
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = [
            ExchangeRate(
                currency=row["currency"],
                year=int(row["year"]),
                units_per_usd=Decimal(row["units_per_usd"]),
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        ]
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("investments", "ExchangeRate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("investments", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
