"""Load the WHO Classification of Digital Health Interventions (v1 and v2) and the health system
challenges shipped in resources/data/."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def read_csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sort_key(code):
    # "1.10.2" sorts after "1.9.1": zero-pad each part.
    return ".".join(part.zfill(3) for part in code.split("."))


def load(apps, schema_editor):
    Intervention = apps.get_model("resources", "DigitalHealthIntervention")
    Challenge = apps.get_model("resources", "HealthSystemChallenge")
    rows = read_csv("cdhi.csv")
    by_key = {}
    # Parents first: groups, then categories, then interventions.
    for level in ("group", "category", "intervention"):
        for row in (r for r in rows if r["level"] == level):
            parent = by_key.get((row["version"], row["parent_code"])) if row["parent_code"] else None
            entry, _ = Intervention.objects.update_or_create(
                version=row["version"],
                code=row["code"],
                defaults={
                    "level": level,
                    "group": row["group"],
                    "label": row["label"],
                    "parent": parent,
                    "sort_key": sort_key(row["code"]),
                },
            )
            by_key[(row["version"], row["code"])] = entry
    for row in read_csv("health_system_challenges.csv"):
        # The two source lists share 19 challenges; the first source named is kept.
        Challenge.objects.get_or_create(
            group=row["group"], label=row["label"], defaults={"source": row["source"]}
        )


def unload(apps, schema_editor):
    apps.get_model("resources", "DigitalHealthIntervention").objects.all().delete()
    apps.get_model("resources", "HealthSystemChallenge").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
