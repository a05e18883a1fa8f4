"""Celery beat's scheduler (CELERY_BEAT_SCHEDULER): django-celery-beat's database scheduler (the
secretariat edits the schedule in the admin) that also records a heartbeat in the cache at each
tick, at least every 5 s, so `/healthz/workers` can tell whether beat runs."""

import logging
import time

from django.core.cache import cache
from django_celery_beat.schedulers import DatabaseScheduler

HEARTBEAT_KEY = "celery-beat:heartbeat"

logger = logging.getLogger(__name__)


def record_heartbeat():
    """Now as beat's last sign of life (in the deployment's namespace, like every cache key)."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def last_heartbeat():
    """When beat last ticked (seconds since the epoch), or None if never in this namespace."""
    return cache.get(HEARTBEAT_KEY)


class Scheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        try:
            record_heartbeat()
        except Exception:  # Redis away: beat goes on scheduling; /healthz/workers reports it
            logger.warning("Celery beat could not record its heartbeat", exc_info=True)
        return interval
