"""The cast and the shared fixtures of the test suite.

Permission tests read as sentences: `secretariat`, `focal_point_kenya`, `focal_point_france`,
`partner` and `anonymous` are the people of DOMAIN.md's role table.
"""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import AnonymousUser
from django.test import Client as DjangoClient
from django.test import RequestFactory
from django.utils import translation

from gidh_portal.celery import app as celery_app
from members.models import MemberState

from . import factories

# Playwright's sync API keeps an event loop in the main thread; Django's async-safety check
# would refuse the ORM calls of live-server tests. Only ever set in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # No collectstatic in tests: plain storage instead of whitenoise's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The cast logs in with passwords: a fast hasher keeps the permission matrices quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Factories write without the services (which bump the data versions): no response cache,
    # except in the tests of the cache itself (tests/test_performance.py turns it on).
    settings.RESPONSE_CACHE = False
    # Likewise the benchmark cache (tests/members/test_benchmark_cache.py turns it on).
    settings.BENCHMARK_CACHE = False
    # The suite sends many API requests from one address and one user: no throttling (the
    # throttling tests turn a low rate on), and an admin usable without a one-time code (the
    # two-factor tests turn REQUIRE_ADMIN_2FA on). Login lockout stays on everywhere.
    settings.THROTTLE_ANON = None
    settings.THROTTLE_USER = None
    settings.REQUIRE_ADMIN_2FA = False
    # LocaleMiddleware activates a request's language in the thread and leaves it there: each
    # test starts, and ends, in the default language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class Client(DjangoClient):
    """Django's test client whose `login()` goes through django-axes like the login page: the
    lockout backend needs the request (from REMOTE_ADDR, 127.0.0.1 by default), so failures
    count there too."""

    def login(self, **credentials):
        request = RequestFactory(**self.defaults).post("/accounts/login/")
        credentials.setdefault("request", request)
        return super().login(**credentials)


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def kenya(db):
    return MemberState.objects.get(iso3="KEN")


@pytest.fixture
def france(db):
    return MemberState.objects.get(iso3="FRA")


@pytest.fixture
def secretariat(db):
    return factories.SecretariatFactory(email="secretariat@who.example.org")


@pytest.fixture
def focal_point_kenya(kenya):
    return factories.FocalPointFactory(email="focal.ken@example.org", member_state=kenya)


@pytest.fixture
def focal_point_france(france):
    return factories.FocalPointFactory(email="focal.fra@example.org", member_state=france)


@pytest.fixture
def partner(db):
    return factories.PartnerMemberFactory(email="partner@example.org")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client logged in as `user` (anonymous for None/AnonymousUser)."""

    def make(user):
        client = Client()
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client

    return make


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_for_every_connection(django_db_setup, django_db_blocker):
    """Keep serialized rollback working once Playwright runs.

    Playwright's sync API leaves an event loop running in the main thread, so from then on
    Django hands out database connections from a context-local store: new connection objects,
    without the snapshot that `django_db_setup` attached to the first one. Without it, a
    `django_db_serialized_rollback` test would no longer get the member states back, in this
    test or any later one on the same worker. Making the snapshot a class attribute shares it
    with every connection object. Runs (autouse, session) before Playwright starts.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents is not None:
                type(connection)._test_serialized_contents = contents


@pytest.fixture(scope="session")
def celery_worker_queue(worker_id):
    """One queue per xdist worker, so a worker never runs a task sent by another test process."""
    queue = f"test-{worker_id}-{os.getpid()}"
    celery_app.conf.task_default_queue = queue
    return queue


@pytest.fixture(scope="session")
def celery_session_worker(django_db_setup, django_db_blocker, celery_worker_queue):
    import celery.contrib.testing.tasks  # noqa: F401  registers celery.ping for the ping check

    with start_worker(
        celery_app, pool="solo", perform_ping_check=True, loglevel="WARNING", shutdown_timeout=10
    ) as worker:
        yield worker


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback, celery_session_worker):
    """A real Celery worker on the Redis broker. It has its own database connection, so it
    sees only committed rows: tests that use it run with `transactional_db`, and the serialized
    rollback puts the reference data (member states, regions) back after each of them."""
    return celery_session_worker
