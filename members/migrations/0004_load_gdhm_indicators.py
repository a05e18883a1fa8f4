"""Load the Global Digital Health Monitor components and indicators (2023+ set) shipped in
members/data/gdhm_indicators.csv."""

import csv
import re
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gdhm_indicators.csv"
INDICATOR_SET = "GDHM_23_indicators_2023plus"
COMPONENT_NAMES_FR = {
    1: "Leadership et gouvernance",
    2: "Stratégie et investissement",
    3: "Législation, politique et conformité",
    4: "Personnel",
    5: "Normes et interopérabilité",
    6: "Infrastructure",
    7: "Services et applications",
}


def load(apps, schema_editor):
    GdhmComponent = apps.get_model("members", "GdhmComponent")
    GdhmIndicator = apps.get_model("members", "GdhmIndicator")
    with open(DATA, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["indicator_set"] == INDICATOR_SET]
    for row in rows:
        number = int(row["component_number"])
        GdhmComponent.objects.update_or_create(
            number=number,
            defaults={"name_en": row["component"], "name_fr": COMPONENT_NAMES_FR[number]},
        )
    for order, row in enumerate(rows, start=1):
        code = row["indicator_number"]
        # A sub-indicator's parent is the indicator of the same number ("21b" → "21"); the CSV's
        # parent_indicator column holds database ids of its source, not codes.
        parent_code = re.sub(r"[a-z]+$", "", code)
        GdhmIndicator.objects.update_or_create(
            code=code,
            defaults={
                "component_id": int(row["component_number"]),
                "parent_id": parent_code if parent_code != code else None,
                "sort_order": order,
                "name": row["indicator"],
                "definition": row["definition"],
                **{f"phase_{n}": row[f"phase{n}"] for n in range(1, 6)},
            },
        )


def unload(apps, schema_editor):
    apps.get_model("members", "GdhmIndicator").objects.all().delete()
    apps.get_model("members", "GdhmComponent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0003_gdhmcomponent_gdhmindicator")]

    operations = [migrations.RunPython(load, unload)]
