"""Hostile input on the API's real write endpoints: every one is a 4xx in the one JSON error
shape, with a message that names the field at fault and what is wrong, and changes nothing."""

import json

import pytest
from django.test import Client

from investments.models import Commitment, InvestmentPlan, Priority
from members.models import ApiToken, MemberState, ProfileSubmission
from members.workflow import ReviewStatus
from resources.models import Resource

from . import factories

TOKEN = "gidh_hostile-input-focal-point-token"
PARTNER_TOKEN = "gidh_hostile-input-partner-token"


@pytest.fixture
def world(db, focal_point_kenya, partner):
    ApiToken.objects.create(user=focal_point_kenya, name="tests", digest=ApiToken.digest_of(TOKEN))
    ApiToken.objects.create(user=partner, name="tests", digest=ApiToken.digest_of(PARTNER_TOKEN))
    factories.ReportingCycleFactory(year=2026)
    profile = factories.ProfileSubmissionFactory(member_state=focal_point_kenya.member_state)
    plan = factories.InvestmentPlanFactory(member_state=focal_point_kenya.member_state)
    priority = factories.PriorityFactory(plan=plan)
    approved = factories.InvestmentPlanFactory(
        member_state=focal_point_kenya.member_state, status=ReviewStatus.APPROVED
    )
    return {"profile": profile, "plan": plan, "priority": priority, "approved": approved}


def send(method, path, body, *, token=TOKEN, content_type="application/json"):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(path, data=data, content_type=content_type)


def assert_refused(response, status, field=None, words=()):
    """The response is `status` in the one error shape; `field` is named in `errors`, and
    its message (or the detail) contains each of `words`."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"status", "code", "detail", "errors"} and body["status"] == status
    message = body["detail"]
    if field is not None:
        assert field in body["errors"], body
        message = json.dumps(body["errors"][field], ensure_ascii=False)
    for word in words:
        assert word.lower() in message.lower(), body
    return body


def plan_body(**changes):
    return {
        "title": "Plan",
        "start_year": 2025,
        "end_year": 2029,
        "currency": "KES",
        **changes,
    }


def priority_body(plan, **changes):
    return {
        "version": plan.version,
        "rank": 1,
        "title": "Priority",
        "component": 1,
        "costs": [{"year": 2025, "amount": "1000.00"}],
        **changes,
    }


def commitment_body(to, **changes):
    return {
        "plan": to.pk,
        "kind": "cash",
        "currency": "USD",
        "year": 2025,
        "amount": "1000.00",
        **changes,
    }


# --- the body itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ['{"title": "Plan", ', "{'title': 'single quotes'}", '{"title": NaN}', '"\\ud800"', "\x00"],
    ids=["truncated", "single-quotes", "nan", "lone-surrogate", "nul-byte"],
)
def test_broken_json_is_400_saying_so(world, body):
    response = send("post", "/api/v1/investment-plans/", body)
    assert_refused(response, 400, words=["not valid JSON"])
    assert InvestmentPlan.objects.count() == 2


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", "title=Plan"),
        ("application/x-www-form-urlencoded", "title=Plan&start_year=2025"),
        ("multipart/form-data; boundary=BoUnDaRy", "--BoUnDaRy--\r\n"),
        ("application/xml", "<plan><title>Plan</title></plan>"),
    ],
)
def test_wrong_content_type_is_415_naming_it(world, content_type, body):
    response = send("post", "/api/v1/investment-plans/", body, content_type=content_type)
    assert_refused(response, 415, words=[content_type.split(";")[0], "send the body as"])


def test_oversized_json_body_is_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = send("post", "/api/v1/investment-plans/", plan_body(summary="x" * 20_000))
    assert_refused(response, 413, words=["larger than 10,000 bytes"])
    assert InvestmentPlan.objects.count() == 2


def test_oversized_multipart_proposal_is_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client(HTTP_AUTHORIZATION=f"Bearer {PARTNER_TOKEN}")
    response = client.post("/api/v1/resources/", {"title": "T", "summary": "x" * 20_000})
    assert_refused(response, 413, words=["larger than"])


def test_a_json_body_must_be_an_object(world):
    response = send("post", "/api/v1/investment-plans/", [plan_body()])
    assert_refused(response, 400, "non_field_errors", ["dictionary"])


# --- fields -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "T" * 201}, "title", ["200 characters"]),
        ({"title": ""}, "title", ["blank"]),
        ({"start_year": 99999}, "start_year", ["2100"]),
        ({"start_year": -5}, "start_year", ["2000"]),
        ({"end_year": "next year"}, "end_year", ["integer"]),
        ({"currency": "ZZZ"}, "currency", ["ISO 4217"]),
        ({"currency": "DOLLARS"}, "currency", ["ISO 4217"]),
        ({"currency": "€"}, "currency", ["ISO 4217"]),
        ({"strategy_url": "https://example.org/" + "a" * 500}, "strategy_url", ["characters"]),
        ({"strategy_url": "javascript:alert(1)"}, "strategy_url", ["URL"]),
        ({"start_year": 2030, "end_year": 2025}, "end_year", ["first year"]),
    ],
)
def test_plan_creation_refuses_bad_fields(world, changes, field, words):
    response = send("post", "/api/v1/investment-plans/", plan_body(**changes))
    assert_refused(response, 400, field, words)
    assert InvestmentPlan.objects.count() == 2


def test_plan_edit_refuses_an_unknown_currency(world):
    plan = world["plan"]
    response = send(
        "patch",
        f"/api/v1/investment-plans/{plan.pk}/",
        {"version": plan.version, "currency": "XYZ"},
    )
    assert_refused(response, 400, "currency", ["ISO 4217"])
    plan.refresh_from_db()
    assert plan.currency == "KES"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"rank": 99999}, "rank", ["1000"]),
        ({"rank": -5}, "rank", ["1"]),
        ({"title": "T" * 201}, "title", ["200 characters"]),
        ({"costs": [{"year": 99999, "amount": "1.00"}]}, "costs", ["99999", "plan period"]),
        ({"costs": [{"year": 2025, "amount": "-5"}]}, "costs", ["amount", "0"]),
        ({"costs": [{"year": 2025, "amount": 1e30}]}, "costs", ["amount", "digits"]),
        ({"costs": [{"year": 2025, "amount": "1e30"}]}, "costs", ["amount", "digits"]),
        ({"costs": [{"year": 2025, "amount": "Infinity"}]}, "costs", ["amount"]),
        ({"costs": [{"year": 2025, "amount": "0.001"}]}, "costs", ["amount", "decimal places"]),
        ({"component": 99}, "component", ["99"]),
        ({"interventions": ["9.9.9"]}, "interventions", ["9.9.9"]),
        ({"version": 10**30}, "version", ["integer"]),
    ],
)
def test_priority_save_refuses_bad_fields(world, changes, field, words):
    plan = world["plan"]
    response = send(
        "post", f"/api/v1/investment-plans/{plan.pk}/priorities/", priority_body(plan, **changes)
    )
    assert_refused(response, 400, field, words)
    assert Priority.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": "-5"}, "amount", ["0"]),
        ({"amount": 1e30}, "amount", ["digits"]),
        ({"amount": "99999999999999999999.99"}, "amount", ["digits"]),
        ({"amount": "NaN"}, "amount", ["number"]),
        ({"year": 99999}, "year", ["2100"]),
        ({"year": -5}, "year", ["2000"]),
        ({"currency": "ZZZ"}, "currency", ["ISO 4217"]),
        ({"currency": "US$"}, "currency", ["ISO 4217"]),
        ({"kind": "bitcoin"}, "kind", ["bitcoin"]),
        ({"pledged_on": "2025-02-30"}, "pledged_on", ["date"]),
        ({"plan": 10**30}, "plan", ["Invalid pk"]),
        ({"plan": "one"}, "plan", ["pk"]),
    ],
)
def test_commitment_recording_refuses_bad_fields(world, changes, field, words):
    response = send(
        "post",
        "/api/v1/commitments/",
        commitment_body(world["approved"], **changes),
        token=PARTNER_TOKEN,
    )
    assert_refused(response, 400, field, words)
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"strategy_title": "T" * 301}, "strategy_title", ["300 characters"]),
        ({"strategy_start_year": 99999}, "strategy_start_year", ["2100"]),
        ({"strategy_end_year": -5}, "strategy_end_year", ["1990"]),
        ({"data_protection_law_year": 1e30}, "data_protection_law_year", ["integer"]),
        ({"strategy_status": "perhaps"}, "strategy_status", ["perhaps"]),
        ({"strategy_adopted_on": "99999-01-01"}, "strategy_adopted_on", ["date"]),
        ({"coordination_ministries": ["health", "magic"]}, "coordination_ministries", ["magic"]),
        ({"answers": [{"indicator": "no-such", "phase": 3}]}, "answers", ["no-such"]),
        ({"answers": [{"indicator": "1", "phase": 6}]}, "answers", ["5"]),
        ({"answers": "all good"}, "answers", ["list"]),
        ({"version": "first"}, "version", ["integer"]),
    ],
)
def test_profile_edit_refuses_bad_fields(world, changes, field, words):
    profile = world["profile"]
    response = send(
        "patch", f"/api/v1/profiles/{profile.pk}/", {"version": profile.version, **changes}
    )
    assert_refused(response, 400, field, words)
    profile.refresh_from_db()
    assert profile.version == 1 and profile.strategy_title == ""


def test_profile_creation_refuses_an_absurd_cycle(world):
    ProfileSubmission.objects.all().delete()
    response = send("post", "/api/v1/profiles/", {"cycle": 99999})
    assert_refused(response, 400, "cycle", ["reporting cycle"])


def test_profile_creation_refuses_an_overlong_member_state(world):
    response = send("post", "/api/v1/profiles/", {"member_state": "K" * 1000})
    assert_refused(response, 400, "member_state", ["3 characters"])


def resource_body(**changes):
    return {
        "kind": "guideline",
        "title": "A guideline",
        "summary": "What it is about.",
        "publisher": factories.OrganizationFactory().pk,
        "languages": ["en"],
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "T" * 301}, "title", ["300 characters"]),
        ({"summary": "S" * 2001}, "summary", ["2000 characters"]),
        ({"publication_year": 99999}, "publication_year", ["2100"]),
        ({"publication_year": -5}, "publication_year", ["1950"]),
        ({"languages": ["xx"]}, "languages", ["xx"]),
        ({"languages": ["english"]}, "languages", ["2 characters"]),
        ({"languages": []}, "languages", ["at least 1"]),
        ({"link": "https://example.org/" + "l" * 500}, "link", ["500 characters"]),
        ({"member_states": ["XXX"]}, "member_states", ["XXX"]),
        ({"publisher": 10**30}, "publisher", ["pk"]),
    ],
)
def test_resource_proposal_refuses_bad_fields(world, changes, field, words):
    response = send("post", "/api/v1/resources/", resource_body(**changes), token=PARTNER_TOKEN)
    assert_refused(response, 400, field, words)
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("path", "query", "status", "field"),
    [
        ("/api/v1/investment-plans/", "year=99999999999999999999", 200, None),
        ("/api/v1/investment-plans/", "year=abc", 400, "year"),
        ("/api/v1/commitments/", "organization=1e400", 400, "organization"),
        ("/api/v1/profiles/", "cycle=-5", 200, None),
        ("/api/v1/resources/", "year=99999", 400, "year"),
        ("/api/v1/resources/", "search=%00", 400, "search"),
        ("/api/v1/organizations/", "search=a%00b", 400, "search"),
        ("/api/v1/funding-gaps/", "group_by=planet", 400, "group_by"),
        ("/api/v1/member-states/", "page=99999999999999999999", 404, None),
        ("/api/v1/investment-plans/", "format=exe", 404, None),
        ("/api/v1/investment-plans/1e30/", "", 404, None),
    ],
)
def test_hostile_query_parameters_are_4xx_or_ignored(world, path, query, status, field):
    response = Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}").get(f"{path}?{query}")
    if status == 200:
        assert response.status_code == 200
    else:
        assert_refused(response, status, field)


def test_a_proposal_may_also_come_as_multipart(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {PARTNER_TOKEN}")
    response = client.post("/api/v1/resources/", "title=T", content_type="text/plain")
    assert_refused(response, 415, words=["application/json, multipart/form-data"])


def test_anonymous_writes_are_401_before_any_input_is_read(db):
    response = Client().post("/api/v1/investment-plans/", "{broken", content_type="text/plain")
    assert_refused(response, 401)


def test_member_state_lookup_is_case_insensitive_but_bounded(world):
    assert MemberState.objects.filter(iso3="KEN").exists()
    response = Client().get("/api/v1/member-states/KENYA/")
    assert_refused(response, 404)
