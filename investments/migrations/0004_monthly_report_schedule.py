"""The monthly transparency-report run in django-celery-beat's schedule: the 1st at 02:00 UTC.

The secretariat can change or pause it in the admin afterwards; this migration only creates it.
"""

import json

from django.db import migrations

TASK_NAME = "investments.generate_transparency_reports"
SCHEDULE_NAME = "Monthly transparency reports"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="2",
        day_of_month="1",
        month_of_year="*",
        day_of_week="*",
        timezone="UTC",
    )
    PeriodicTask.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "task": TASK_NAME,
            "crontab": crontab,
            "kwargs": json.dumps({}),
            "description": "Generates and publishes the global and regional transparency "
            "reports of the month that has just ended.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=SCHEDULE_NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0003_transparency_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
