"""`/healthz`: is this node fit to serve? For load balancers and monitoring.

Checks the database, Redis (cache and Celery broker) and that at least one Celery worker
answers a ping. 200 with `"status": "ok"` when all are up, 503 with `"status": "error"` when
one is down. Each check takes at most about a second; the answer is never cached and names no
host, password or error message (only the kind of error).
"""

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .celery import app as celery_app

TIMEOUT_SECONDS = 1.0


def _timed(check):
    started = time.monotonic()
    try:
        result = check()
    except Exception as error:  # any failure is an outage to report, never to raise
        result = {"status": "error", "error": type(error).__name__}
    result["milliseconds"] = round((time.monotonic() - started) * 1000, 1)
    return result


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
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    return {"status": "ok"}


def _celery(broker_ok):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager", "detail": "tasks run in the web process"}
    if not broker_ok:
        return {"status": "error", "error": "BrokerUnreachable"}
    # A broadcast ping, not a task: a worker busy with a long queue is still alive, and the
    # answer does not wait behind the queue. The first reply is enough (limit=1).
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        replies = celery_app.control.ping(timeout=TIMEOUT_SECONDS, limit=1, connection=broker)
    if not replies:
        return {"status": "error", "error": "NoWorkerAnswered"}
    return {"status": "ok", "workers": len(replies)}


@require_safe
def healthz(request):
    checks = {"database": _timed(_database), "redis": _timed(_redis)}
    checks["celery"] = _timed(lambda: _celery(checks["redis"]["status"] == "ok"))
    healthy = all(check["status"] != "error" for check in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response
