"""`/healthz` (can this web node serve: database and Redis, never Celery) and `/healthz/workers`
(Celery workers and beat), against the real services: the suite's PostgreSQL and Redis, a real
Celery worker, a real `celery beat` process, a broker namespace no worker consumes, a closed
port and a Redis that accepts connections but never answers."""

import datetime
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from gidh_portal import beat

ROOT = Path(__file__).resolve().parent.parent
# What these tests guard against is /healthz waiting for a worker's answer (WORKER_PING_SECONDS,
# 1 s) or for a socket timeout, not its speed (a benchmark's business): a quiet machine answers
# in ~5 ms, a CI machine running the suite on two busy cores took 50–120 ms.
LOAD_BALANCER_BUDGET_SECONDS = 0.4


def _closed_port():
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url, **extra):
    started = time.monotonic()
    response = Client().get(url, **extra)
    return response, time.monotonic() - started


def _assert_nothing_secret(response):
    body = response.content.decode()
    for secret in (
        django_settings.SECRET_KEY,
        django_settings.REDIS_URL,
        django_settings.CACHE_KEY_PREFIX,
        django_settings.DATABASES["default"]["PASSWORD"] or "no-password",
        django_settings.DATABASES["default"]["HOST"] or "no-host",
        "127.0.0.1",
    ):
        assert secret not in body


def _statuses(body):
    return {name: check["status"] for name, check in body["checks"].items()}


def _process_env(**overrides):
    """The environment of a portal process on the test database (another deployment, for the
    namespace it derives, unless CACHE_KEY_PREFIX is given)."""
    database = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.pop("CACHE_KEY_PREFIX", None)
    env["DATABASE_URL"] = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    env["REDIS_URL"] = django_settings.REDIS_URL
    env.update(overrides)
    return env


REQUESTS_SCRIPT = """
import json, sys, time, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
answers = []
for url in sys.argv[1:]:
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST="localhost")
    answer = {**json.loads(response.content), "code": response.status_code}
    answers.append({**answer, "seconds": time.perf_counter() - started})
print(json.dumps({"prefix": settings.CACHE_KEY_PREFIX, "answers": answers}))
"""


def _requests_in_another_process(urls, **env):
    """GET each of `urls` in order in a portal process of its own: each answer's JSON, its HTTP
    status (`code`) and how long it took (`seconds`)."""
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS_SCRIPT, *urls],
        cwd=ROOT,
        env=_process_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- /healthz: the load balancer's -----------------------------------------------------------


@pytest.mark.django_db
def test_healthz_checks_the_database_and_redis_only_and_answers_fast():
    timings = []
    for _ in range(20):
        response, seconds = _get("/healthz")
        assert response.status_code == 200, response.json()
        timings.append(seconds)

    body = response.json()
    assert body["status"] == "ok"
    assert _statuses(body) == {"database": "ok", "redis": "ok"}
    assert statistics.median(timings) < LOAD_BALANCER_BUDGET_SECONDS, timings
    assert "no-store" in response["Cache-Control"]
    _assert_nothing_secret(response)


@pytest.mark.django_db
def test_healthz_stays_up_and_fast_when_no_worker_consumes_while_workers_says_down(
    redis_namespace,
):
    # A portal process on the real Redis broker, in a namespace of its own (derived from its
    # DATABASE_URL, as a deployment's is) where no worker consumes: its workers are "stopped".
    urls = ["/healthz"] * 20 + ["/healthz/workers", "/healthz"]
    started = time.monotonic()
    result = _requests_in_another_process(urls)

    assert result["prefix"] != redis_namespace
    *healthz, workers, after = result["answers"]
    for answer in [*healthz, after]:
        assert answer["code"] == 200, answer
        assert _statuses(answer) == {"database": "ok", "redis": "ok"}
    timings = [answer["seconds"] for answer in healthz[1:]]  # the first one connects
    assert statistics.median(timings) < LOAD_BALANCER_BUDGET_SECONDS, timings
    assert after["seconds"] < LOAD_BALANCER_BUDGET_SECONDS * 2, after  # under WORKER_PING_SECONDS

    assert workers["code"] == 503
    assert workers["checks"]["workers"]["status"] == "error"
    assert workers["checks"]["workers"]["error"] == "NoWorkerAnswered"
    assert workers["checks"]["workers"]["milliseconds"] < 2000
    assert workers["checks"]["beat"]["error"] == "NoHeartbeat"
    assert time.monotonic() - started < 60


def _black_hole():
    """A local port that accepts TCP connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener


@pytest.mark.django_db
def test_healthz_is_503_within_its_timeouts_when_redis_hangs_or_is_down(settings):
    with _black_hole() as hung:
        for url, error in [
            (f"redis://127.0.0.1:{hung.getsockname()[1]}/0", "TimeoutError"),
            (f"redis://127.0.0.1:{_closed_port()}/0", "ConnectionError"),
        ]:
            settings.CACHES = {
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": url,
                }
            }
            settings.CELERY_BROKER_URL = url

            response, seconds = _get("/healthz")

            assert response.status_code == 503
            body = response.json()
            assert body["status"] == "error"
            assert body["checks"]["database"]["status"] == "ok"
            assert body["checks"]["redis"]["status"] == "error"
            assert body["checks"]["redis"]["error"] == error
            assert seconds < 1.0, (error, seconds)
            _assert_nothing_secret(response)


# --- /healthz/workers: monitoring's ---------------------------------------------------------


def _start_beat(prefix):
    """A real `celery beat` (the portal's scheduler) in this test's namespace and database."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "gidh_portal",
            "beat",
            "--loglevel",
            "WARNING",
            "--pidfile=",
            "--max-interval",
            "1",
        ],
        cwd=ROOT,
        env=_process_env(CACHE_KEY_PREFIX=prefix),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def test_healthz_workers_is_ok_with_a_real_worker_and_a_running_beat(
    celery_worker, redis_namespace
):
    response, _seconds = _get("/healthz/workers")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"]["status"] == "ok"
    assert response.json()["checks"]["beat"]["error"] == "NoHeartbeat"

    process = _start_beat(redis_namespace)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            response, _seconds = _get("/healthz/workers")
            if response.status_code == 200:
                break
            time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _out, errors = process.communicate(timeout=30)

    assert response.status_code == 200, (response.json(), errors)
    body = response.json()
    assert body["status"] == "ok"
    assert _statuses(body) == {"workers": "ok", "beat": "ok"}
    assert body["checks"]["workers"]["workers"] >= 1
    assert body["checks"]["beat"]["seconds_ago"] < 10
    assert "no-store" in response["Cache-Control"]
    _assert_nothing_secret(response)


@pytest.mark.django_db
@pytest.mark.usefixtures("own_cache")
def test_healthz_workers_reports_a_beat_that_stopped_ticking():
    beat.record_heartbeat()
    checks = Client().get("/healthz/workers").json()["checks"]
    assert checks["beat"]["status"] == "ok" and checks["beat"]["seconds_ago"] < 5

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2)):
        response = Client().get("/healthz/workers")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["beat"]["error"] == "HeartbeatTooOld"
    assert 119 < checks["beat"]["seconds_ago"] < 130


@pytest.mark.django_db
def test_healthz_workers_is_503_when_the_broker_is_unreachable():
    down = f"redis://127.0.0.1:{_closed_port()}/0"
    result = _requests_in_another_process(["/healthz/workers", "/healthz"], REDIS_URL=down)
    workers, healthz = result["answers"]
    assert workers["code"] == 503
    assert workers["checks"]["workers"]["error"] == "BrokerUnreachable"
    assert workers["checks"]["beat"]["error"] == "ConnectionError"
    assert healthz["code"] == 503 and healthz["checks"]["redis"]["error"] == "ConnectionError"


# --- Both --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_redis_health_reports_eager_celery(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_TASK_ALWAYS_EAGER = True

    healthz, _seconds = _get("/healthz")
    workers, _seconds = _get("/healthz/workers")

    assert healthz.status_code == 200
    assert "not configured" in healthz.json()["checks"]["redis"]["detail"]
    assert workers.status_code == 200
    assert _statuses(workers.json()) == {"workers": "eager", "beat": "eager"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/healthz", "/healthz/workers"])
def test_health_is_never_cached_needs_no_login_and_answers_over_plain_http(settings, url):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.RESPONSE_CACHE = True
    settings.SECURE_SSL_REDIRECT = True

    first, _seconds = _get(url)
    second, _seconds = _get(url)

    for response in (first, second):
        assert response.status_code == 200
        assert "X-Response-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response
    assert Client().get("/").status_code == 301  # everything else goes to HTTPS
    assert Client().post(url).status_code == 405
