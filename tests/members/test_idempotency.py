"""Idempotent creation (members/idempotency.py): a create repeated with the same
`Idempotency-Key` creates once and answers every repeat with the first response."""

import datetime
import json
import threading
import uuid

import pytest
import yaml
from celery.schedules import crontab
from django.db import connection
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from gidh_portal.celery import app as celery_app
from investments.models import Commitment, InvestmentPlan
from members.models import ApiToken, IdempotencyKey, ProfileSubmission
from members.tasks import delete_expired_idempotency_keys
from members.workflow import ReviewStatus

from .. import factories
from ..conftest import Client

PARTNER_TOKEN = "gidh_idempotency-partner-token"
OTHER_PARTNER_TOKEN = "gidh_idempotency-other-partner-token"
FOCAL_POINT_TOKEN = "gidh_idempotency-focal-point-token"
COMMITMENTS = "/api/v1/commitments/"
NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world(focal_point_kenya, partner):
    for user, token in [(partner, PARTNER_TOKEN), (focal_point_kenya, FOCAL_POINT_TOKEN)]:
        ApiToken.objects.create(user=user, name="tests", digest=ApiToken.digest_of(token))
    other = factories.PartnerMemberFactory(email="other.partner@example.org")
    ApiToken.objects.create(
        user=other, name="tests", digest=ApiToken.digest_of(OTHER_PARTNER_TOKEN)
    )
    factories.ReportingCycleFactory(year=2026)
    plan = factories.InvestmentPlanFactory(
        member_state=focal_point_kenya.member_state, status=ReviewStatus.APPROVED
    )
    return {"plan": plan, "other_partner": other}


def commitment_body(world, **changes):
    return {
        "plan": world["plan"].pk,
        "kind": "cash",
        "currency": "USD",
        "year": 2024,
        "amount": "5000.00",
        **changes,
    }


def post(path, body, *, key=None, token=PARTNER_TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    data = body if isinstance(body, str) else json.dumps(body)
    return Client(**headers).post(path, data=data, content_type="application/json")


def replayed(response):
    return response.headers.get("Idempotent-Replayed")


# --- commitments ---------------------------------------------------------------------------


def test_a_repeated_commitment_is_recorded_once_and_answered_with_the_first_response(world):
    first = post(COMMITMENTS, commitment_body(world), key="retry-1")
    again = post(COMMITMENTS, commitment_body(world), key="retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert (replayed(first), replayed(again)) == (None, "true")
    assert Commitment.objects.count() == 1


def test_without_a_key_every_post_creates(world):
    post(COMMITMENTS, commitment_body(world))
    post(COMMITMENTS, commitment_body(world))
    assert Commitment.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_thirty_concurrent_posts_with_one_key_record_one_commitment(world):
    """Each thread is a client with its own database connection, released together: the
    first insert of the key holds it; the others wait on the unique index, then replay."""
    body, key = commitment_body(world), str(uuid.uuid4())
    barrier = threading.Barrier(30)
    responses = []

    def send():
        try:
            barrier.wait(timeout=10)
            responses.append(post(COMMITMENTS, body, key=key))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(responses) == 30
    assert {response.status_code for response in responses} == {201}
    assert len({response.content for response in responses}) == 1
    assert (
        sorted(replayed(response) or "first" for response in responses) == ["first"] + ["true"] * 29
    )
    assert Commitment.objects.count() == 1
    assert json.loads(responses[0].content)["id"] == Commitment.objects.get().pk
    assert IdempotencyKey.objects.get().response_status == 201


def test_the_same_key_with_another_body_is_422_and_creates_nothing(world):
    post(COMMITMENTS, commitment_body(world), key="retry-2")
    other = post(COMMITMENTS, commitment_body(world, amount="9000.00"), key="retry-2")
    assert other.status_code == 422
    error = other.json()
    assert error["code"] == "idempotency_key_reused" and error["errors"] == {}
    assert "POST /api/v1/commitments/" in error["detail"] and "new key" in error["detail"]
    # Another path (a plan) with the same key is another request too.
    plan = post("/api/v1/investment-plans/", {}, key="retry-2")
    assert plan.status_code == 422
    assert Commitment.objects.count() == 1


def test_the_body_is_compared_byte_for_byte(world):
    post(COMMITMENTS, json.dumps(commitment_body(world)), key="retry-3")
    spaced = post(COMMITMENTS, json.dumps(commitment_body(world), indent=2), key="retry-3")
    assert spaced.status_code == 422


def test_different_users_may_use_the_same_key(world, partner):
    mine = post(COMMITMENTS, commitment_body(world), key="shared-key")
    theirs = post(COMMITMENTS, commitment_body(world), key="shared-key", token=OTHER_PARTNER_TOKEN)
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert replayed(theirs) is None and mine.json()["id"] != theirs.json()["id"]
    organizations = set(Commitment.objects.values_list("organization", flat=True))
    assert organizations == {partner.organization_id, world["other_partner"].organization_id}


@pytest.mark.parametrize(
    "key",
    ["", "x" * 256, "two words", "caf\u00e9", "a,b", 'quote"d', "nul\x00", "tab\tkey"],
    ids=["empty", "256-characters", "space", "non-ascii", "comma", "quote", "nul", "tab"],
)
def test_a_malformed_key_is_400_saying_what_a_key_is(world, key):
    response = post(COMMITMENTS, commitment_body(world), key=key)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "idempotency_key_malformed"
    assert "1 to 255 characters" in error["detail"]
    assert not Commitment.objects.exists() and not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["x" * 255, "a", "6f1c0f4e-6bd5-4c1e-9d1b-7d1d3c6a1f00", "b64+/="])
def test_keys_within_the_format_are_accepted(world, key):
    assert post(COMMITMENTS, commitment_body(world), key=key).status_code == 201


def test_a_refused_request_leaves_its_key_free_for_the_corrected_one(world):
    refused = post(COMMITMENTS, commitment_body(world, amount="-5"), key="retry-4")
    assert refused.status_code == 400 and "amount" in refused.json()["errors"]
    assert not IdempotencyKey.objects.exists()
    corrected = post(COMMITMENTS, commitment_body(world), key="retry-4")
    assert corrected.status_code == 201 and replayed(corrected) is None
    assert Commitment.objects.count() == 1


def test_a_key_is_free_again_after_24_hours(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    first = post(COMMITMENTS, commitment_body(world), key="retry-5")
    time_machine.move_to(NOW + datetime.timedelta(hours=23, minutes=59), tick=False)
    assert replayed(post(COMMITMENTS, commitment_body(world), key="retry-5")) == "true"
    time_machine.move_to(NOW + datetime.timedelta(hours=24), tick=False)
    later = post(COMMITMENTS, commitment_body(world, amount="7000.00"), key="retry-5")
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert IdempotencyKey.objects.get().created_at == NOW + datetime.timedelta(hours=24)


def test_an_anonymous_post_with_a_key_is_401(world):
    response = Client(HTTP_IDEMPOTENCY_KEY="retry-6").post(
        COMMITMENTS, commitment_body(world), content_type="application/json"
    )
    assert response.status_code == 401
    assert not IdempotencyKey.objects.exists()


def test_a_form_body_already_read_by_the_csrf_check_is_415_not_a_crash(world, partner):
    """A session's CSRF check parses a multipart body before the view: its bytes are gone."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        COMMITMENTS,
        {"plan": world["plan"].pk},
        HTTP_X_CSRFTOKEN=token,
        HTTP_IDEMPOTENCY_KEY="retry-7",
    )
    assert response.status_code == 415
    assert not Commitment.objects.exists()


# --- plans and profiles --------------------------------------------------------------------


def test_a_repeated_plan_is_created_once(world):
    body = {"title": "Plan", "start_year": 2025, "end_year": 2029, "currency": "KES"}
    responses = [
        post("/api/v1/investment-plans/", body, key="plan-1", token=FOCAL_POINT_TOKEN)
        for _ in range(3)
    ]
    assert [r.status_code for r in responses] == [201] * 3
    assert len({r.content for r in responses}) == 1
    assert [replayed(r) for r in responses] == [None, "true", "true"]
    assert InvestmentPlan.objects.filter(title="Plan").count() == 1
    other = post(
        "/api/v1/investment-plans/",
        {**body, "title": "Other"},
        key="plan-1",
        token=FOCAL_POINT_TOKEN,
    )
    assert other.status_code == 422


def test_a_repeated_profile_is_started_once(world):
    responses = [
        post("/api/v1/profiles/", {"cycle": 2026}, key="profile-1", token=FOCAL_POINT_TOKEN)
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[1].content == responses[0].content and replayed(responses[1]) == "true"
    assert ProfileSubmission.objects.count() == 1
    # Without the key, the repeat meets the draft the first one started.
    without_key = post("/api/v1/profiles/", {"cycle": 2026}, token=FOCAL_POINT_TOKEN)
    assert without_key.status_code == 409 and "already has a profile" in without_key.text
    other = post("/api/v1/profiles/", {}, key="profile-1", token=FOCAL_POINT_TOKEN)
    assert other.status_code == 422


def test_only_the_creates_document_the_header(client, db):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    idempotent = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if "Idempotency-Key" in names:
                idempotent.add((method, path))
                responses = operation["responses"]
                assert {"400", "422"} <= set(responses)
                assert "Idempotency-Key" in responses["422"]["description"]
                assert "Idempotent-Replayed" in responses["201"]["headers"]
    assert idempotent == {
        ("post", "/api/v1/commitments/"),
        ("post", "/api/v1/investment-plans/"),
        ("post", "/api/v1/offers/"),
        ("post", "/api/v1/profiles/"),
    }


# --- expiry --------------------------------------------------------------------------------


def test_the_hourly_task_deletes_the_expired_keys_only(world, partner, time_machine):
    time_machine.move_to(NOW, tick=False)
    for hours_ago, key in [(25, "old"), (24, "just-expired"), (23, "fresh"), (0, "new")]:
        IdempotencyKey.objects.create(
            user=partner,
            key=key,
            fingerprint="0" * 64,
            operation="POST /api/v1/commitments/",
            response_status=201,
            created_at=NOW - datetime.timedelta(hours=hours_ago),
        )
    assert delete_expired_idempotency_keys() == 2
    assert set(IdempotencyKey.objects.values_list("key", flat=True)) == {"fresh", "new"}


def test_the_cleanup_runs_on_a_worker(celery_worker, partner):
    IdempotencyKey.objects.create(
        user=partner,
        key="old",
        fingerprint="0" * 64,
        operation="POST /api/v1/commitments/",
        response_status=201,
        created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2),
    )
    assert delete_expired_idempotency_keys.delay().get(timeout=10) == 1
    assert not IdempotencyKey.objects.exists()


def test_the_cleanup_is_in_the_beat_schedule_hourly(db):
    periodic = PeriodicTask.objects.get(task="members.delete_expired_idempotency_keys")
    assert periodic.enabled and str(periodic.crontab.timezone) == "UTC"
    # What `celery beat --scheduler django_celery_beat.schedulers:DatabaseScheduler` runs:
    entry = ModelEntry(periodic, app=celery_app)
    assert entry.task in celery_app.tasks
    assert entry.schedule == crontab(minute=17)
