"""Schemathesis fuzzes the API against its committed contract (docs/openapi.yaml), in-process.

Every operation gets generated requests, valid and invalid, as an anonymous caller and as
Kenya's focal point (a Bearer token) who has a draft profile, plans and commitments to hit. No
answer may be a 5xx; every answer must match the schema: a documented status code, a documented
content type, and a body that validates against the documented schema (the one error shape for
every 4xx) — and every other check schemathesis has (all are on by default): a request the
schema forbids is refused (ST201), a request it allows is accepted (ST202: 2xx, or 401/403/404/
409 for the caller's rights and the records' state), authentication is not ignored, and so on.

Values that no schema can state (which records exist, which codes are in the database, which
years a plan spans) are the fixture's: a positive case names the records the fixture made
(`KNOWN`, `_use_known_records`), and schemathesis re-checks the case after the change.

Deterministic (`derandomize=True`), so CI sees the same cases every run. bench/fuzz_api.py runs
the same tests with a random seed and more examples (docs/api.md, "Fuzzing the contract").
"""

import datetime
import os
import zlib
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from gidh_portal.wsgi import application
from investments.models import Commitment, InvestmentPlan, ReportRun, TransparencyReport
from investments.reports import services as report_services
from investments.reports.periods import Period
from members.models import ApiToken, GdhmComponent, MemberState, Organization
from members.workflow import ReviewStatus
from resources.models import DigitalHealthIntervention, HealthSystemChallenge

from . import factories

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
FOCAL_POINT_TOKEN = "gidh_schemathesis-focal-point-kenya-token"
# bench/fuzz_api.py sets these for its randomized runs; CI runs 12 examples, derandomized.
EXAMPLES_PER_OPERATION = int(os.environ.get("GIDH_FUZZ_EXAMPLES", "12"))
RANDOMIZED = bool(os.environ.get("GIDH_FUZZ_EXAMPLES"))
PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # text: the schema's `binary`


def _load_schema(coverage=True):
    loaded = schemathesis.openapi.from_path(SCHEMA_PATH)
    loaded.app = application
    # Credentials are the caller's, not generated: random tokens would only ever meet a 401.
    loaded.config.generation.update(with_security_parameters=False)
    # The coverage phase sends each parameter's boundary and invalid values (overlong strings,
    # out-of-range numbers, wrong types): the hostile input. Pointless where the answer is a 401
    # before any input is read.
    loaded.config.phases.coverage.enabled = coverage
    return loaded


anonymous_read_schema = _load_schema().include(method="GET")
anonymous_write_schema = _load_schema(coverage=False).exclude(method="GET")
focal_point_schema = _load_schema()
# Sent with every call of the focal point's cases: credentials given explicitly, so the
# `ignored_auth` check also sends the request without them and with wrong ones (must be a 401).
FOCAL_POINT_HEADERS = {"Authorization": f"Bearer {FOCAL_POINT_TOKEN}"}

# Ids of the records the `fuzz_data` fixture creates, by path parameter and path prefix.
KNOWN = {}
# Values naming the fixture's records and codes, by query parameter or body property name.
KNOWN_VALUES = {}
# Requests sent, by caller and status code: printed at the end of the module (`-s` shows it).
SENT = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_cases_sent():
    yield
    for caller in ("anonymous", "focal point"):  # not the "keys" counter
        total = sum(n for (who, _code), n in SENT.items() if who == caller)
        codes = {code: n for (who, code), n in sorted(SENT.items()) if who == caller}
        print(f"\nschemathesis as {caller}: {total} requests, by status {codes}")


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the connection after each request; the test's transaction
    must survive it, as with Django's test client."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(settings, django_db_blocker):
    """Kenya's focal point with a token, a complete draft profile, a draft and an approved plan
    with priorities and costs, commitments (domestic and a partner's), resources, a published
    profile of France and last month's transparency reports."""
    settings.RESPONSE_CACHE = False
    kenya = MemberState.objects.get(iso3="KEN")
    focal_point = factories.FocalPointFactory(email="fuzz.ken@example.org", member_state=kenya)
    ApiToken.objects.create(
        user=focal_point, name="schemathesis", digest=ApiToken.digest_of(FOCAL_POINT_TOKEN)
    )
    this_year = datetime.date.today().year
    factories.ReportingCycleFactory(year=this_year)
    draft = factories.ProfileSubmissionFactory(member_state=kenya, complete=True)
    published = factories.approved_profile(member_state=MemberState.objects.get(iso3="FRA"))
    draft_plan = factories.InvestmentPlanFactory(member_state=kenya)
    draft_priority = factories.PriorityFactory(plan=draft_plan)
    factories.PriorityCostFactory(priority=draft_priority, year=2025, amount="5000.00")
    approved_plan = factories.InvestmentPlanFactory(
        member_state=kenya, status=ReviewStatus.APPROVED
    )
    priority = factories.PriorityFactory(plan=approved_plan)
    factories.PriorityCostFactory(priority=priority, year=2024, amount="250000.00")
    partner_commitment = factories.CommitmentFactory(plan=approved_plan, priority=priority)
    domestic = factories.CommitmentFactory(
        plan=approved_plan, organization=None, currency="KES", pledged_amount="90000.00"
    )
    resource = factories.ResourceFactory()
    factories.ResourceFactory(status="submitted")
    run = ReportRun.objects.create(
        period=str(Period.last_complete()), publish=True, trigger=ReportRun.Trigger.COMMAND
    )
    report_services.generate_period(run=run)
    report = TransparencyReport.objects.first()
    organization = Organization.objects.first()
    intervention = DigitalHealthIntervention.objects.filter(version="v2").first()
    KNOWN.update(
        {
            # path parameters
            "/api/v1/profiles/": [draft.pk, published.pk],
            "/api/v1/investment-plans/": [draft_plan.pk, approved_plan.pk],
            "/api/v1/commitments/": [partner_commitment.pk, domestic.pk],
            "/api/v1/organizations/": [organization.pk],
            "/api/v1/transparency-reports/": [report.pk],
            "priority_pk": [draft_priority.pk, priority.pk],
            "slug": [resource.slug],
            "iso3": ["KEN", "FRA"],
            "code": ["AFR"],
        }
    )
    # Values of query parameters and body properties that name records or codes.
    KNOWN_VALUES.update(
        {
            "plan": [approved_plan.pk],
            # Page numbers reach the first 1,000 rows of the lists with cursor pages (a 400
            # beyond, which no schema can state: it is page × page_size); a cursor comes from a
            # `next` link, and an empty one is the first page.
            "page": [1, 2, 5],
            "cursor": [""],
            "priority": [None, priority.pk],
            "member_state": ["KEN"],
            "member_states": [["KEN"], []],
            "country": [["KEN"]],
            "region": [["AFR"]],
            "who_regions": [["AFR"], []],
            "organization": [organization.pk],
            "publisher": [organization.pk],
            "component": [GdhmComponent.objects.first().pk],
            "gdhm_components": [[GdhmComponent.objects.first().pk], []],
            "interventions": [[intervention.code], []],
            "topic": [[intervention.pk]],
            "topics": [[intervention.pk], []],
            "challenge": [[HealthSystemChallenge.objects.first().pk]],
            "challenges": [[HealthSystemChallenge.objects.first().pk], []],
            "currency": ["USD", "KES"],
            "cycle": [this_year],
            "languages": [["en"], ["fr", "es"]],
            "file": [PDF],
            # Django's URL check is stricter than `format: uri` (host labels, top-level domain).
            "strategy_url": ["https://health.example.org/strategy.pdf", ""],
            "link": ["https://resources.example.org/item"],
            "source_url": ["https://evidence.example.org/report", ""],
            # Dates within their fields' ranges and the records' history.
            "strategy_adopted_on": ["2021-06-30", None],
            "pledged_on": ["2024-03-01", None],
            "on": ["2024-06-01", None],
        }
    )
    assert InvestmentPlan.objects.count() == 2 and Commitment.objects.count() == 2
    yield
    KNOWN.clear()
    KNOWN_VALUES.clear()


def _pick(candidates, value):
    """One of `candidates`, chosen by a checksum of the generated `value` (deterministic)."""
    return candidates[zlib.crc32(repr(value).encode()) % len(candidates)]


def _aim_at_known_records(case):
    """Half the generated path parameters (chosen by a checksum, so deterministically) are
    replaced by the ids of real records: otherwise nearly every case would be a 404. The
    container is replaced, not edited, so schemathesis checks the case again: a negative path
    parameter replaced by a real id makes the case positive."""
    path_parameters = dict(case.path_parameters or {})
    for name, value in path_parameters.items():
        if zlib.crc32(repr(value).encode()) % 2:
            continue
        candidates = KNOWN.get(name)
        if candidates is None and name == "id":
            prefix = next((p for p in KNOWN if case.path.startswith(p)), None)
            candidates = KNOWN.get(prefix)
        if candidates:
            # As text: the path's schema is a string of digits.
            path_parameters[name] = str(candidates[len(str(value)) % len(candidates)])
    if path_parameters != case.path_parameters:
        case.path_parameters = path_parameters


STRATEGY_YEARS = (("strategy_start_year", "strategy_end_year"),)


def _is_positive(case, location):
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and not component.mode.is_negative


def _use_known_records(case):
    """In a positive query or body, the values that name records or codes (which the schema
    cannot list: they are rows of the database) are the fixture's, and the years of a plan or a
    cost are consistent with each other."""
    if _is_positive(case, ParameterLocation.QUERY) and case.query:
        case.query = {
            name: _pick(KNOWN_VALUES[name], value) if name in KNOWN_VALUES else value
            for name, value in case.query.items()
        }
    if _is_positive(case, ParameterLocation.BODY) and isinstance(case.body, dict):
        body = {
            name: _pick(KNOWN_VALUES[name], value) if name in KNOWN_VALUES else value
            for name, value in case.body.items()
        }
        for start, end in (("start_year", "end_year"), *STRATEGY_YEARS):
            if isinstance(body.get(start), int) and isinstance(body.get(end), int):
                body[start], body[end] = sorted([body[start], body[end]])
        if "plan" in body and isinstance(body.get("year"), int):
            body["year"] = 2024 + body["year"] % 5  # a commitment's year, in the plan period
        if isinstance(body.get("start_year"), int) and isinstance(body.get("end_year"), int):
            body["end_year"] = min(body["end_year"], body["start_year"] + 14)  # 15 years at most
        if body.get("kind") == "in_kind":  # in-kind support says what it is
            body["in_kind_type"] = body.get("in_kind_type") or "technical_assistance"
            body["description"] = body.get("description") or "Technical assistance"
        if "publisher" in body and not body.get("link") and not body.get("file"):
            body["link"] = KNOWN_VALUES["link"][0]  # a resource is a link or a file
        if case.media_type.startswith("multipart/"):
            # A form has no null: an absent field is one (schemathesis would send "null").
            body = {name: value for name, value in body.items() if value is not None}
        if isinstance(body.get("costs"), list):
            body["costs"] = [
                {**cost, "year": 2024 + index % 5} if isinstance(cost, dict) else cost
                for index, cost in enumerate(body["costs"])
            ]
        case.body = body


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=not RANDOMIZED,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _use_a_new_idempotency_key(case):
    """A valid `Idempotency-Key` is a new one: reused with another body it is a 422, as the
    schema says, but generated keys repeat (`0`) and would meet their earlier requests."""
    if _is_positive(case, ParameterLocation.HEADER) and "Idempotency-Key" in (case.headers or {}):
        SENT["keys", None] += 1
        case.headers = {**case.headers, "Idempotency-Key": f"fuzz-{SENT['keys', None]}"}


def _call(case, caller, headers=None):
    _aim_at_known_records(case)
    _use_known_records(case)
    _use_a_new_idempotency_key(case)
    response = case.call_and_validate(headers=headers)  # every check schemathesis has
    SENT[caller, response.status_code] += 1


@anonymous_read_schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_reads_as_anonymous_conform_to_schema(case):
    _call(case, "anonymous")


@anonymous_write_schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_writes_as_anonymous_conform_to_schema(case):
    _call(case, "anonymous")


@focal_point_schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_as_focal_point_conforms_to_schema(case):
    _call(case, "focal point", FOCAL_POINT_HEADERS)


class FocalPointWorkflows(focal_point_schema.as_state_machine()):
    """Chains of calls that schemathesis links by the ids the answers return (a plan created,
    then read, edited, given a priority that is then removed…), for the checks that need a
    chain: a created record can be read (`ensure_resource_availability`), a removed one cannot
    (`use_after_free`)."""

    def before_call(self, case):
        _use_known_records(case)
        _use_a_new_idempotency_key(case)

    def get_call_kwargs(self, case):
        return {"headers": FOCAL_POINT_HEADERS}

    def after_call(self, response, case):
        super().after_call(response, case)
        SENT["focal point", response.status_code] += 1

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        # The credentials as explicit headers, as in `_call` (the `ignored_auth` check).
        case.validate_response(
            response,
            additional_checks=additional_checks,
            headers=FOCAL_POINT_HEADERS,
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_workflows_as_focal_point_conform_to_schema():
    FocalPointWorkflows.run(
        settings=settings(
            FUZZ_SETTINGS, max_examples=max(EXAMPLES_PER_OPERATION // 2, 5), stateful_step_count=6
        )
    )
