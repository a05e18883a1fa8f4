"""The hourly removal of expired idempotency keys in django-celery-beat's schedule (minute 17,
off the hour's rush). The secretariat can change or pause it in the admin afterwards."""

import json

from django.db import migrations

TASK_NAME = "members.delete_expired_idempotency_keys"
SCHEDULE_NAME = "Delete expired idempotency keys"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="17",
        hour="*",
        day_of_month="*",
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
            "description": "Deletes the API's idempotency keys older than 24 hours.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=SCHEDULE_NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_idempotency_keys"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
