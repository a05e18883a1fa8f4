"""Health checks (docs/operations.md).

`/healthz`, for load balancers: can this web node serve? The database answers `SELECT 1` and
Redis (cache and Celery broker) answers a PING within short socket timeouts. Nothing here waits
on Celery: a stopped worker delays tasks (mail, reports), not pages, so it must never take the
web nodes out of service.

`/healthz/workers`, for monitoring: at least one Celery worker of this deployment answers a
broadcast ping, and Celery beat ticked recently (its heartbeat, gidh_portal/beat.py).

Both answer 200 with `"status": "ok"`, or 503 with `"status": "error"` and the failing check;
never cached; they name no host, password or error message (only the kind of error).
"""

import datetime
import time

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django_celery_beat.models import PeriodicTask

from . import beat
from .celery import app as celery_app

# A node whose Redis takes longer than this is not fit to serve: answer the balancer now.
REDIS_TIMEOUT_SECONDS = 0.25
WORKER_PING_SECONDS = 1.0
# Beat ticks at least every 5 s: a minute without a heartbeat means it is not running.
BEAT_HEARTBEAT_MAX_AGE_SECONDS = 60


def _timed(check):
    started = time.monotonic()
    try:
        result = check()
    except Exception as error:  # any failure is an outage to report, never to raise
        result = {"status": "error", "error": type(error).__name__}
    result["milliseconds"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _respond(checks):
    healthy = all(check["status"] != "error" for check in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def _redis_urls():
    urls = {settings.CACHES["default"].get("LOCATION", ""), settings.CELERY_BROKER_URL}
    return sorted(url for url in urls if url.startswith(("redis://", "rediss://")))


def _redis():
    urls = _redis_urls()
    if not urls:
        return {"status": "ok", "detail": "not configured (local-memory cache, eager tasks)"}
    for url in urls:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            retry_on_timeout=False,
        )
        try:
            client.ping()
        finally:
            client.close()
    return {"status": "ok"}


@require_safe
def healthz(request):
    """Can this web node serve: its database and Redis (never Celery)."""
    return _respond({"database": _timed(_database), "redis": _timed(_redis)})


def _workers():
    # A broadcast ping, not a task: a worker busy with a long queue is still alive, and the
    # answer does not wait behind the queue. The first reply is enough (limit=1). Only this
    # deployment's workers hear it (the broker's keys are under CACHE_KEY_PREFIX).
    with celery_app.connection_for_write() as broker:
        try:
            broker.ensure_connection(max_retries=1, timeout=WORKER_PING_SECONDS)
        except Exception:
            return {"status": "error", "error": "BrokerUnreachable"}
        replies = celery_app.control.ping(timeout=WORKER_PING_SECONDS, limit=1, connection=broker)
    if not replies:
        return {"status": "error", "error": "NoWorkerAnswered"}
    return {"status": "ok", "workers": len(replies)}


def _isoformat(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).isoformat(timespec="seconds")


def _beat():
    last_sent = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"))
    result = {
        "last_task_sent_at": last_sent["last"] and last_sent["last"].isoformat(timespec="seconds")
    }
    heartbeat = beat.last_heartbeat()
    if heartbeat is None:
        return {"status": "error", "error": "NoHeartbeat", **result}
    age = max(time.time() - heartbeat, 0.0)
    result |= {"last_heartbeat": _isoformat(heartbeat), "seconds_ago": round(age, 1)}
    if age > BEAT_HEARTBEAT_MAX_AGE_SECONDS:
        return {"status": "error", "error": "HeartbeatTooOld", **result}
    return {"status": "ok", **result}


@require_safe
def workers(request):
    """Are this deployment's Celery worker(s) and beat running (for monitoring)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        eager = {"status": "eager", "detail": "tasks run in the web process"}
        return _respond({"workers": eager, "beat": dict(eager)})
    return _respond({"workers": _timed(_workers), "beat": _timed(_beat)})
