"""`/healthz` against the real services: the database, Redis and a Celery worker, and against
a Redis that does not answer (a closed port) or a broker no worker listens on."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

URL = "/healthz"
ROOT = Path(__file__).resolve().parent.parent


def _closed_port():
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(**extra):
    started = time.monotonic()
    response = Client().get(URL, **extra)
    return response, time.monotonic() - started


def _assert_nothing_secret(response):
    body = response.content.decode()
    for secret in (
        django_settings.SECRET_KEY,
        django_settings.REDIS_URL,
        django_settings.DATABASES["default"]["PASSWORD"] or "no-password",
        django_settings.DATABASES["default"]["HOST"] or "no-host",
        "127.0.0.1",
    ):
        assert secret not in body


def test_healthz_is_ok_with_the_database_redis_and_a_real_worker(celery_worker):
    response, seconds = _get()

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "redis": "ok",
        "celery": "ok",
    }
    assert body["checks"]["celery"]["workers"] >= 1
    assert seconds < 2
    assert "no-store" in response["Cache-Control"]
    _assert_nothing_secret(response)


@pytest.mark.django_db
def test_healthz_is_503_when_redis_is_unreachable(settings):
    unreachable = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": unreachable,
        }
    }
    settings.CELERY_BROKER_URL = unreachable

    response, seconds = _get()

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"] == {
        "status": "error",
        "error": "ConnectionError",
        "milliseconds": body["checks"]["redis"]["milliseconds"],
    }
    assert body["checks"]["celery"]["error"] == "BrokerUnreachable"
    assert seconds < 3
    _assert_nothing_secret(response)


NO_WORKER_SCRIPT = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="localhost")
print(json.dumps({"status_code": response.status_code, **json.loads(response.content)}))
"""


@pytest.mark.django_db
def test_healthz_is_503_when_no_worker_answers():
    # Another process on the same Redis server but another database: a broker that no worker
    # consumes from (this process may run a test worker on the real one).
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    database = connection.settings_dict
    env = {
        **base,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "REDIS_URL": django_settings.REDIS_URL.rsplit("/", 1)[0] + "/15",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", NO_WORKER_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout.strip().splitlines()[-1])
    assert body["status_code"] == 503
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "ok"
    assert body["checks"]["celery"] == {
        "status": "error",
        "error": "NoWorkerAnswered",
        "milliseconds": body["checks"]["celery"]["milliseconds"],
    }
    assert body["checks"]["celery"]["milliseconds"] < 2000
    assert time.monotonic() - started < 30


@pytest.mark.django_db
def test_healthz_reports_eager_celery_when_there_is_no_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response, _seconds = _get()

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["celery"]["status"] == "eager"
    assert checks["redis"]["status"] == "ok" and "not configured" in checks["redis"]["detail"]


@pytest.mark.django_db
def test_healthz_is_never_cached_needs_no_login_and_answers_over_plain_http(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.RESPONSE_CACHE = True
    settings.SECURE_SSL_REDIRECT = True

    first, _seconds = _get()
    second, _seconds = _get()

    for response in (first, second):
        assert response.status_code == 200
        assert "X-Response-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response
    assert Client().get("/").status_code == 301  # everything else goes to HTTPS
    assert Client().post(URL).status_code == 405
