"""The reminders in django-celery-beat's schedule: the cycle reminders every day at 06:05 UTC,
the secretariat's weekly summary on Mondays at 06:20 UTC. The secretariat can change or pause
them in the admin afterwards; each mail goes at most once whatever the schedule."""

import json

from django.db import migrations

SCHEDULES = [
    {
        "name": "Send cycle reminders",
        "task": "members.send_cycle_reminders",
        "crontab": {"minute": "5", "hour": "6", "day_of_week": "*"},
        "description": "Reminds the focal points 30, 7 and 1 day(s) before a reporting cycle "
        "closes on an unsubmitted profile.",
    },
    {
        "name": "Send the secretariat's weekly summary",
        "task": "members.send_secretariat_summaries",
        "crontab": {"minute": "20", "hour": "6", "day_of_week": "1"},
        "description": "Mails the secretariat the member states that have not submitted for "
        "the open cycles, by WHO region.",
    },
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for schedule in SCHEDULES:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            **schedule["crontab"], day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.get_or_create(
            name=schedule["name"],
            defaults={
                "task": schedule["task"],
                "crontab": crontab,
                "kwargs": json.dumps({}),
                "description": schedule["description"],
            },
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[schedule["name"] for schedule in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0016_cycle_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
