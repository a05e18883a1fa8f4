"""The cast and the shared fixtures of the test suite.

Permission tests read as sentences: `secretariat`, `focal_point_kenya`, `focal_point_france`,
`partner` and `anonymous` are the people of DOMAIN.md's role table.

Tests on any day: a test marked `any_day` (or a module with `pytestmark = pytest.mark.any_day`)
runs once per date of `TODAYS`, the clock frozen there (time-machine, ticking) before any of its
fixtures; it reads the date from the `today` fixture and derives its years from it, never
writes one. `pytest --today=YYYY-MM-DD` runs every test at that date (the others too), to find
what depends on the date.
"""

import csv
import datetime
import io
import os
import time
import uuid
from pathlib import Path

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, models
from django.test import Client as DjangoClient
from django.test import RequestFactory, override_settings
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from gidh_portal.celery import app as celery_app
from gidh_portal.input_limits import CONTROL_CHARACTERS
from gidh_portal.namespace import derived_prefix
from gidh_portal.response_cache import VERSION_KEYS
from members.models import ApiToken, MemberState

from . import factories

# Playwright's sync API keeps an event loop in the main thread; Django's async-safety check
# would refuse the ORM calls of live-server tests. Only ever set in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHIPPED_RATES = Path(__file__).resolve().parent.parent / "investments/data/exchange_rates_usd.csv"


def latest_shipped_rate_year():
    """The last year of the exchange rates the portal ships (the data decides, not the tests)."""
    with SHIPPED_RATES.open(newline="", encoding="utf-8") as handle:
        return max(int(row["year"]) for row in csv.DictReader(handle))


# The "todays" of the `any_day` tests: this year (the real clock); New Year's Day of the second
# year past the last published exchange rate (this year and last year both without a rate, and
# the year's first day, whose previous month is in another year); a leap day.
TODAYS = {
    "this-year": None,
    "past-the-rates": datetime.date(latest_shipped_rate_year() + 2, 1, 1),
    "leap-day": datetime.date(2028, 2, 29),
}


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        type=datetime.date.fromisoformat,
        default=None,
        help="Freeze the clock of every test at this date (YYYY-MM-DD).",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "any_day: run the test at each date of tests/conftest.py's TODAYS"
    )


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("any_day"):
        metafunc.parametrize("today", list(TODAYS.values()), ids=list(TODAYS), indirect=True)


@pytest.fixture(autouse=True)
def today(request):
    """The date the test runs on. For `any_day` tests (and with `--today`) the clock is frozen
    at it, ticking, before the test's other fixtures (autouse fixtures come first); otherwise
    the real date."""
    day = getattr(request, "param", None) or request.config.getoption("--today")
    if day is None:
        yield datetime.datetime.now(datetime.UTC).date()
        return
    # Mid-morning UTC: the same date in every time zone the portal is likely to be set to.
    moment = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=True):
        yield day


@pytest.fixture(scope="session", autouse=True)
def redis_namespace(django_db_setup):
    """This test process's own namespace in Redis, cache and Celery alike: derived from its
    test database (test_<name>, test_<name>_gw0, _gw1… under xdist) like a deployment's, plus a
    random id of the run, so xdist workers, parallel test runs and a development portal sharing
    one Redis database never read each other's keys, queues or worker pings."""
    from django.db import connection

    prefix = f"{derived_prefix(connection.settings_dict)}-{uuid.uuid4().hex[:8]}"
    keys = {"global_keyprefix": f"{prefix}:"}
    broker = {**django_settings.CELERY_BROKER_TRANSPORT_OPTIONS, **keys}
    caches = {
        **django_settings.CACHES,
        "default": {**django_settings.CACHES["default"], "KEY_PREFIX": prefix},
    }
    with override_settings(
        CACHE_KEY_PREFIX=prefix,
        CACHES=caches,
        CELERY_BROKER_TRANSPORT_OPTIONS=broker,
        CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS=keys,
    ):
        # Celery read the settings once: before its first connection, tell it too.
        celery_app.conf.broker_transport_options = broker
        celery_app.conf.result_backend_transport_options = keys
        yield prefix


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
    # The suite sends many API requests from one address and one user: no throttling (the
    # throttling tests turn a low rate on), and a secretariat (pages, API, admin) that acts
    # without a one-time code (the two-factor tests turn REQUIRE_SECRETARIAT_2FA on). Login
    # lockout stays on everywhere.
    settings.THROTTLE_ANON = None
    settings.THROTTLE_USER = None
    settings.REQUIRE_SECRETARIAT_2FA = False
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
def own_cache(settings):
    """The test's own key prefix in the shared Redis: parallel tests can't read its entries or
    bump its data versions. Its data version keys are deleted afterwards (not `cache.clear()`:
    it would flush Celery's queues, which share the Redis database)."""
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "default": default}
    yield
    cache.delete_many(VERSION_KEYS)


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


# --- hostile input --------------------------------------------------------------------------------

RECORD_ID = 900_001
TOKENS = {
    "focal_point_kenya": "gidh_every-record-focal-point-token",
    "partner": "gidh_every-record-partner-token",
    "secretariat": "gidh_every-record-secretariat-token",
}
# A route's parameters by name: the records of `every_kind_of_record` and the codes they use.
ROUTE_PARAMETERS = {
    "pk": RECORD_ID,
    "id": RECORD_ID,
    "object_id": RECORD_ID,
    "priority_pk": RECORD_ID,
    "iso3": "KEN",
    "code": "AFR",
    "slug": "hostile-input",
    "section": "strategy",
    "scope": "global",
    "period": "2025-12",
    "revision": 1,
}


@pytest.fixture
def every_kind_of_record(kenya, focal_point_kenya, partner, secretariat):
    """One record of each kind a route or an API operation names, each with the id RECORD_ID
    (the approved plan that holds the commitment: RECORD_ID + 1), so that a route's `pk` names a
    real record whatever its model; the cast's API tokens are TOKENS. Tests of every route
    request them through ROUTE_PARAMETERS, without a table of which route takes what."""
    factories.ReportingCycleFactory(year=2026)
    profile = factories.ProfileSubmissionFactory(id=RECORD_ID, member_state=kenya)
    plan = factories.InvestmentPlanFactory(id=RECORD_ID, member_state=kenya)
    priority = factories.PriorityFactory(id=RECORD_ID, plan=plan, rank=1)
    approved = factories.InvestmentPlanFactory(
        id=RECORD_ID + 1, member_state=kenya, status="approved"
    )
    commitment = factories.CommitmentFactory(
        id=RECORD_ID, plan=approved, organization=partner.organization, recorded_by=partner
    )
    organization = factories.OrganizationFactory(id=RECORD_ID)
    offer = factories.OfferFactory(id=RECORD_ID, organization=partner.organization)
    resource = factories.ResourceFactory(
        id=RECORD_ID, slug="hostile-input", status="submitted", publisher=partner.organization
    )
    # The admin's pages of an authenticator app fail on a missing one (django-otp's own views).
    TOTPDevice.objects.create(id=RECORD_ID, user=secretariat, name="hostile input", confirmed=False)
    for name, token in TOKENS.items():
        user = {"focal_point_kenya": focal_point_kenya, "partner": partner}.get(name, secretariat)
        ApiToken.objects.create(
            id=RECORD_ID if user == focal_point_kenya else None,
            user=user,
            name="hostile input",
            digest=ApiToken.digest_of(token),
        )
    return {
        "profile": profile,
        "plan": plan,
        "priority": priority,
        "approved": approved,
        "commitment": commitment,
        "organization": organization,
        "offer": offer,
        "resource": resource,
        "cast": {
            "anonymous": None,
            "focal_point_kenya": focal_point_kenya,
            "partner": partner,
            "secretariat": secretariat,
        },
    }


def _stored_text_fields():
    for app in ("members", "resources", "investments"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and field.max_length:
                    yield model, field


# The control characters of input_limits but NUL (which PostgreSQL cannot store), as a PostgreSQL
# regular expression of the characters themselves.
_STORED_CONTROL = (
    CONTROL_CHARACTERS.pattern.replace(r"\x00", r"\x01").encode().decode("unicode_escape")
)


def _limits_query():
    """One statement with a row per text column: its name, its `max_length`, its longest value
    and whether a row holds a control character (one round trip instead of two per column)."""
    quote = connection.ops.quote_name
    selects, params = [], []
    for model, field in _stored_text_fields():
        column = quote(field.column)
        selects.append(
            f"SELECT %s, %s, max(length({column})), bool_or({column} ~ %s)"
            f" FROM {quote(model._meta.db_table)}"
        )
        params += [f"{model.__name__}.{field.name}", field.max_length, _STORED_CONTROL]
    return " UNION ALL ".join(selects), params


@pytest.fixture
def assert_stored_within_limits(db):
    """`assert_stored_within_limits()`: no text column of the portal's tables (the audit trail's
    too) holds more characters than its field's `max_length`, or a control character."""
    sql, params = _limits_query()

    def check():
        broken = []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for name, max_length, longest, control in cursor.fetchall():
                if (longest or 0) > max_length:
                    broken.append(f"{name}: {longest} > {max_length}")
                if control:
                    broken.append(f"{name}: a control character")
        assert broken == []

    return check


@pytest.fixture(scope="session", autouse=True)
def _migrated_rows(django_db_setup, django_db_blocker):
    """The rows the migrations loaded (regions, member states, GDHM indicators, classifications,
    exchange rates, content types, permissions…), table by table in PostgreSQL's COPY format,
    taken as the session starts (autouse), before any transactional test empties the tables."""
    from django.db import connection

    rows = {}
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True)
        for table in sorted(tables):
            data = io.BytesIO()
            cursor.copy_expert(f'COPY "{table}" TO STDOUT', data)
            if data.getvalue():
                rows[table] = data.getvalue()
    return rows


@pytest.fixture
def migrated_rows(transactional_db, _migrated_rows):
    """For tests whose data other connections must see (a live server, a Celery worker):
    `transactional_db` commits, and empties every table after the test. This puts the migrated
    rows back first, like Django's `serialized_rollback` but with one COPY per table instead of
    one save per object (2,300 objects: seconds per test). Request it before any fixture that
    reads them (e.g. `kenya`)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in _migrated_rows.items():
            # Empty already, unless this is the first transactional test of the process.
            cursor.execute(f'DELETE FROM "{table}"')
            cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.BytesIO(data))


@pytest.fixture(scope="session")
def celery_worker_queue(worker_id, redis_namespace):
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
        _started_workers.append(worker)
        yield worker
        _started_workers.remove(worker)


_started_workers = []


@pytest.fixture(autouse=True)
def _tasks_finish_before_the_tables_empty(request):
    """Once a test has started the session's Celery worker, it runs every task sent after it,
    the after-commit notifications of later transactional tests too. Such a test's tables are
    emptied (TRUNCATE) when it ends: a task still reading them then deadlocks with the flush.
    The worker is idle first (set up after `transactional_db`, so torn down before it)."""
    if "transactional_db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if _started_workers:
        from celery.worker import state

        deadline, quiet = time.monotonic() + 10, 0
        while quiet < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            busy = state.active_requests or state.reserved_requests
            quiet = 0 if busy else quiet + 1


@pytest.fixture
def celery_worker(migrated_rows, celery_session_worker):
    """A real Celery worker on the Redis broker. It has its own database connection, so it
    sees only committed rows: tests that use it run with `transactional_db` (`migrated_rows`
    puts the reference data back: member states, regions…)."""
    return celery_session_worker
