"""Each deployment's namespace in Redis (CACHE_KEY_PREFIX, gidh_portal/namespace.py): derived
from its database unless set; every key the portal writes (cache and Celery) is under it; two
deployments, or two test processes, sharing one Redis database never read each other's data."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import environ
import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from gidh_portal import beat, response_cache
from gidh_portal.celery import app as celery_app
from gidh_portal.namespace import derived_prefix

from . import factories

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from gidh_portal.celery import app
print(json.dumps({
    "cache": settings.CACHES["default"]["KEY_PREFIX"],
    "broker": app.conf.broker_transport_options["global_keyprefix"],
    "results": app.conf.result_backend_transport_options["global_keyprefix"],
}))
"""


def _namespace_of(**env):
    """The namespaces a portal process started with `env` puts its cache and Celery keys in."""
    base = {k: v for k, v in os.environ.items() if k != "CACHE_KEY_PREFIX"}
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_SCRIPT],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _redis():
    return redis.Redis.from_url(django_settings.REDIS_URL)


def _keys_containing(text):
    return sorted(key.decode() for key in _redis().scan_iter(match=f"*{text}*", count=1000))


def test_the_namespace_is_derived_from_the_database_unless_set():
    url = "postgres://portal:secret@db.example.org:5432/gidh"
    first = _namespace_of(DATABASE_URL=url)
    assert first["cache"].startswith("gidh-gidh-") and len(first["cache"]) == len("gidh-gidh-") + 8
    # Celery's queues, results and pings are under the same namespace.
    assert first["broker"] == first["results"] == f"{first['cache']}:"
    # Every process of a deployment derives the same one (no per-process randomness).
    assert _namespace_of(DATABASE_URL=url) == first
    assert first["cache"] == derived_prefix(environ.Env.db_url_config(url))
    # Another database, or the same name on another server or port, derives another.
    others = {
        derived_prefix(environ.Env.db_url_config(other))
        for other in (
            "postgres://portal:secret@db.example.org:5432/gidh_staging",
            "postgres://portal:secret@db2.example.org:5432/gidh",
            "postgres://portal:secret@db.example.org:6432/gidh",
        )
    }
    assert len(others) == 3 and first["cache"] not in others
    # The password is not part of it: changing it keeps the cache.
    assert derived_prefix(environ.Env.db_url_config(url.replace("secret", "new"))) == first["cache"]
    # Set, it is taken as it is.
    assert _namespace_of(DATABASE_URL=url, CACHE_KEY_PREFIX="who-gidh-prod") == {
        "cache": "who-gidh-prod",
        "broker": "who-gidh-prod:",
        "results": "who-gidh-prod:",
    }


def test_each_test_process_has_a_namespace_of_its_own(redis_namespace, worker_id):
    """Derived from its own test database (one per xdist worker) plus a random id of the run,
    never a development portal's (the DATABASE_URL it was started with)."""
    assert redis_namespace == django_settings.CACHE_KEY_PREFIX
    assert django_settings.CACHES["default"]["KEY_PREFIX"] == redis_namespace
    assert redis_namespace.startswith(f"{derived_prefix(connection.settings_dict)}-")
    assert connection.settings_dict["NAME"] in redis_namespace
    if worker_id != "master":
        assert redis_namespace.count(f"_{worker_id}-") == 1
    development = derived_prefix(environ.Env.db_url_config(os.environ["DATABASE_URL"]))
    assert not redis_namespace.startswith(f"{development}-")


@pytest.fixture
def two_deployments(settings):
    """Two deployments' cache settings on the suite's Redis database: {name: settings of it}."""
    names = {}
    for name in ("a", "b"):
        database = {"ENGINE": "postgresql", "HOST": "db.example.org", "PORT": 5432}
        prefix = derived_prefix({**database, "NAME": f"portal_{name}_{uuid.uuid4().hex[:6]}"})
        names[name] = {**settings.CACHES["default"], "KEY_PREFIX": prefix}
    yield names
    for cache_settings in names.values():
        keys = list(_redis().scan_iter(match=f"{cache_settings['KEY_PREFIX']}:*", count=1000))
        if keys:
            _redis().delete(*keys)


def _count_as(settings, deployment):
    settings.CACHES = {**settings.CACHES, "default": deployment}
    response = Client().get("/api/v1/commitments/")
    assert response.status_code == 200
    return response.json()["count"], response["X-Response-Cache"]


@pytest.mark.django_db
def test_deployments_sharing_a_redis_database_never_serve_each_others_responses(
    settings, two_deployments, kenya
):
    settings.RESPONSE_CACHE = True
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")

    def verified_commitment():
        factories.CommitmentFactory(plan=plan, verified_at="2024-03-02T00:00Z")

    verified_commitment()
    assert _count_as(settings, two_deployments["a"]) == (1, "miss")
    assert _count_as(settings, two_deployments["a"]) == (1, "hit")
    # Written without a service (no data version bump): deployment A keeps its cached page…
    verified_commitment()
    verified_commitment()
    assert _count_as(settings, two_deployments["a"]) == (1, "hit")
    # …which deployment B, on the same Redis database, never sees.
    assert _count_as(settings, two_deployments["b"]) == (3, "miss")
    # Nor do B's data versions move A's.
    response_cache.versions._bump(response_cache.APPS)
    assert _count_as(settings, two_deployments["a"]) == (1, "hit")


@pytest.mark.django_db(transaction=True)
def test_every_key_the_portal_writes_in_redis_is_in_its_namespace(
    celery_worker, celery_worker_queue, redis_namespace, settings, partner
):
    inside = f"{redis_namespace}:"
    # Cached session (members.sessions), throttling counts, data versions, beat's heartbeat.
    client = Client()
    client.force_login(partner)
    session = client.session.session_key
    settings.THROTTLE_ANON = "100/min"
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    assert Client().get("/api/v1/who-regions/", REMOTE_ADDR=address).status_code == 200
    response_cache.versions._bump(["members"])
    beat.record_heartbeat()
    # Celery: a task through the worker, its result, its queue.
    result = celery_app.send_task("celery.ping", queue=celery_worker_queue)
    assert result.get(timeout=10) == "pong"

    for marker in (session, f"throttle_anon_{address}", result.id, celery_worker_queue):
        keys = _keys_containing(marker)
        assert keys, marker
        assert all(key.startswith(inside) for key in keys), keys
    for key in ("data-version:members", beat.HEARTBEAT_KEY):
        assert _redis().exists(f"{inside}1:{key}"), key
