"""Load the six WHO regions and the 194 WHO Member States shipped in members/data/, and create
the Secretariat group."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def read_csv(name):
    # Every column is text: Namibia's iso2 is "NA" and m49 keeps its leading zeros.
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    WhoRegion = apps.get_model("members", "WhoRegion")
    MemberState = apps.get_model("members", "MemberState")
    Group = apps.get_model("auth", "Group")
    for row in read_csv("who_regions.csv"):
        WhoRegion.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "regional_office_city": row["regional_office_city"],
            },
        )
    for row in read_csv("who_member_states.csv"):
        MemberState.objects.update_or_create(
            iso3=row["iso3"],
            defaults={
                "iso2": row["iso2"],
                "m49": row["m49"],
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "who_region_id": row["who_region"],
                "income_group": row["wb_income_group"],
            },
        )
    Group.objects.get_or_create(name="Secretariat")


def unload(apps, schema_editor):
    apps.get_model("members", "MemberState").objects.all().delete()
    apps.get_model("members", "WhoRegion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, unload)]
