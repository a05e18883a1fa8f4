"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")

# Every task runs in an audit context naming it (gidh_portal/audit.py).
app = Celery("gidh_portal", task_cls="gidh_portal.audit:AuditedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
