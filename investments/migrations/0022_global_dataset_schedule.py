"""The global dataset's refresh in django-celery-beat's schedule: every 5 minutes. The task does
nothing while the published data are unchanged, so a burst of changes makes one generation.

The secretariat can change or pause it in the admin afterwards; this migration only creates it.
"""

import json

from django.db import migrations

TASK_NAME = "investments.generate_dataset"
SCHEDULE_NAME = "Global dataset refresh"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _created = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "task": TASK_NAME,
            "interval": interval,
            "kwargs": json.dumps({}),
            "description": "Regenerates the global dataset (/data/) when the published data "
            "changed, and freezes each closed reporting cycle's edition once.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=SCHEDULE_NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0021_global_dataset_files"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
