"""Schemathesis fuzzes the API against its committed contract (docs/openapi.yaml), in-process.

Every operation gets generated requests, valid and invalid, as an anonymous caller and as
Kenya's focal point (a Bearer token) who has a draft profile, plans and commitments to hit. No
answer may be a 5xx; every answer must match the schema: a documented status code, a documented
content type, and a body that validates against the documented schema (the one error shape for
every 4xx). Deterministic (`derandomize=True`), so CI sees the same cases every run.
"""

import datetime
import zlib
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from gidh_portal.wsgi import application
from investments.models import Commitment, InvestmentPlan
from members.models import ApiToken, MemberState, Organization
from members.workflow import ReviewStatus

from . import factories

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
FOCAL_POINT_TOKEN = "gidh_schemathesis-focal-point-kenya-token"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 12


def _load_schema(headers=None, coverage=True):
    loaded = schemathesis.openapi.from_path(SCHEMA_PATH)
    loaded.app = application
    # Credentials are the caller's, not generated: random tokens would only ever meet a 401.
    loaded.config.generation.update(with_security_parameters=False)
    # The coverage phase sends each parameter's boundary and invalid values (overlong strings,
    # out-of-range numbers, wrong types): the hostile input. Pointless where the answer is a 401
    # before any input is read.
    loaded.config.phases.coverage.enabled = coverage
    if headers:
        loaded.config.update(headers=headers)
    return loaded


anonymous_read_schema = _load_schema().include(method="GET")
anonymous_write_schema = _load_schema(coverage=False).exclude(method="GET")
focal_point_schema = _load_schema(headers={"Authorization": f"Bearer {FOCAL_POINT_TOKEN}"})

# Ids of the records the `fuzz_data` fixture creates, by path parameter and path prefix.
KNOWN = {}
# Requests sent, by caller and status code: printed at the end of the module (`-s` shows it).
SENT = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_cases_sent():
    yield
    for caller in ("anonymous", "focal point"):
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
    """Kenya's focal point with a token, a draft profile, a draft and an approved plan with
    priorities and costs, commitments (domestic and a partner's), resources and a published
    profile of France."""
    settings.RESPONSE_CACHE = False
    kenya = MemberState.objects.get(iso3="KEN")
    focal_point = factories.FocalPointFactory(email="fuzz.ken@example.org", member_state=kenya)
    ApiToken.objects.create(
        user=focal_point, name="schemathesis", digest=ApiToken.digest_of(FOCAL_POINT_TOKEN)
    )
    factories.ReportingCycleFactory(year=datetime.date.today().year)
    draft = factories.ProfileSubmissionFactory(member_state=kenya)
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
    KNOWN.update(
        {
            "/api/v1/profiles/": [draft.pk, published.pk],
            "/api/v1/investment-plans/": [draft_plan.pk, approved_plan.pk],
            "/api/v1/commitments/": [partner_commitment.pk, domestic.pk],
            "/api/v1/organizations/": [Organization.objects.first().pk],
            "priority_pk": [draft_priority.pk, priority.pk],
            "slug": [resource.slug],
            "iso3": ["KEN", "FRA"],
            "code": ["AFR"],
        }
    )
    assert InvestmentPlan.objects.count() == 2 and Commitment.objects.count() == 2
    yield
    KNOWN.clear()


def _aim_at_known_records(case):
    """Half the generated path parameters (chosen by a checksum, so deterministically) are
    replaced by the ids of real records: otherwise nearly every case would be a 404."""
    for name, value in (case.path_parameters or {}).items():
        if zlib.crc32(repr(value).encode()) % 2:
            continue
        candidates = KNOWN.get(name)
        if candidates is None and name == "id":
            prefix = next((p for p in KNOWN if case.path.startswith(p)), None)
            candidates = KNOWN.get(prefix)
        if candidates:
            case.path_parameters[name] = candidates[len(str(value)) % len(candidates)]


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@anonymous_read_schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_reads_as_anonymous_conform_to_schema(case):
    _aim_at_known_records(case)
    response = case.call_and_validate(checks=CHECKS)
    SENT["anonymous", response.status_code] += 1


@anonymous_write_schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_writes_as_anonymous_conform_to_schema(case):
    _aim_at_known_records(case)
    response = case.call_and_validate(checks=CHECKS)
    SENT["anonymous", response.status_code] += 1


@focal_point_schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection", "fuzz_data")
def test_api_as_focal_point_conforms_to_schema(case):
    _aim_at_known_records(case)
    response = case.call_and_validate(checks=CHECKS)
    SENT["focal point", response.status_code] += 1
