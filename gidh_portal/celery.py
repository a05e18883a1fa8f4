"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")

app = Celery("gidh_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
