"""Celery tasks of the members app."""

from celery import shared_task
from django.db import connection
from django.utils import timezone

from .models import MemberState


@shared_task(name="members.check_health")
def check_health():
    """Prove that a worker is alive and reaches the database: returns what it saw."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "database": "ok",
        "member_states": MemberState.objects.count(),
        "checked_at": timezone.now().isoformat(),
    }
