"""Peer exchange requests: sent by a focal point to a peer country, answered by its focal
points, public once accepted (members/services/peer_exchanges.py)."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from members import permissions, services
from members.models import (
    GdhmIndicator,
    MemberState,
    PeerExchangeRequest,
    PeerExchangeRequestEvent,
)
from members.tasks import notify_peer_exchange_answered, notify_peer_exchange_requested
from tests import factories

from .test_notifications import wait_for_mail

FIRST = "1"


def published(member_state, phase):
    return factories.approved_profile(member_state=member_state, phase=phase)


@pytest.fixture
def indicator(db):
    return GdhmIndicator.objects.get(code=FIRST)


@pytest.fixture
def france_ahead(kenya, france):
    """Kenya at phase 2, France at phase 5: France is Kenya's peer on every indicator."""
    published(kenya, 2)
    published(france, 5)
    return france


@pytest.fixture
def pending(france_ahead, kenya, indicator, focal_point_kenya):
    return services.request_peer_exchange(
        from_member_state=kenya,
        to_member_state=france_ahead,
        indicator=indicator,
        topic="Leak check: pending exchange",
        message="How did you set up your coordination body?",
        by=focal_point_kenya,
    )


# --- permissions: the cast × what they may do ----------------------------------------------------

CAST = ("anonymous", "partner", "focal_point_france", "focal_point_kenya", "secretariat")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "may_request_for_kenya", "may_answer_kenyas_request"),
    [
        ("anonymous", False, False),
        ("partner", False, False),
        ("focal_point_france", False, True),
        ("focal_point_kenya", True, False),
        ("secretariat", False, False),
    ],
)
def test_who_may_request_and_answer(
    request, pending, kenya, who, may_request_for_kenya, may_answer_kenyas_request
):
    user = request.getfixturevalue(who)
    assert permissions.can_request_peer_exchange(user, kenya) is may_request_for_kenya
    assert permissions.can_answer_peer_exchange(user, pending) is may_answer_kenyas_request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "sees_pending"),
    [
        ("anonymous", False),
        ("partner", False),
        ("focal_point_france", True),
        ("focal_point_kenya", True),
        ("secretariat", True),
    ],
)
def test_a_pending_request_is_seen_only_by_the_two_countries_and_the_secretariat(
    request, client_for, pending, who, sees_pending
):
    client = client_for(request.getfixturevalue(who))
    detail = client.get(f"/peer-exchanges/{pending.pk}/")
    assert detail.status_code == (200 if sees_pending else 404)
    for url in ("/countries/KEN/", "/countries/FRA/"):
        assert ("Leak check: pending exchange" in client.get(url).content.decode()) is sees_pending


# --- the flow ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_focal_point_sends_a_request_from_the_peers_list_and_the_peer_accepts(
    client_for, france_ahead, focal_point_kenya, focal_point_france, partner
):
    kenya_client = client_for(focal_point_kenya)
    url = f"/peer-exchanges/new/FRA/{FIRST}/"
    assert kenya_client.get(url).status_code == 200
    assert kenya_client.post(url, {"topic": "", "message": ""}).status_code == 400
    sent = kenya_client.post(
        url, {"topic": "Coordination", "message": "How did you set up your coordination body?"}
    )
    exchange = PeerExchangeRequest.objects.get()
    assert sent.status_code == 302 and sent.url == f"/peer-exchanges/{exchange.pk}/"
    assert (exchange.from_member_state_id, exchange.to_member_state_id) == ("KEN", "FRA")
    assert (exchange.status, exchange.requested_by) == ("pending", focal_point_kenya)

    # Only France's focal points answer; Kenya's own focal point and others cannot.
    for user in (focal_point_kenya, partner):
        assert client_for(user).post(f"/peer-exchanges/{exchange.pk}/accept/").status_code in (
            403,
            404,
        )
    france_client = client_for(focal_point_france)
    assert "Accept the exchange" in france_client.get(f"/peer-exchanges/{exchange.pk}/").text
    assert france_client.post(f"/peer-exchanges/{exchange.pk}/accept/").status_code == 302
    exchange.refresh_from_db()
    assert (exchange.status, exchange.responded_by) == ("accepted", focal_point_france)
    assert exchange.responded_at is not None
    # Accepted: public on both countries' pages, as an ongoing exchange.
    anonymous = client_for(None)
    for page in ("/countries/KEN/", "/countries/FRA/"):
        html = anonymous.get(page).content.decode()
        assert "Coordination" in html and "Ongoing" in html
    assert anonymous.get(f"/peer-exchanges/{exchange.pk}/").status_code == 200
    # Answered once: a second answer is refused.
    assert france_client.post(f"/peer-exchanges/{exchange.pk}/accept/").status_code == 403


@pytest.mark.django_db
def test_declining_needs_a_reason_and_stays_private(client_for, pending, focal_point_france):
    france_client = client_for(focal_point_france)
    url = f"/peer-exchanges/{pending.pk}/decline/"
    assert france_client.post(url, {"decline_reason": "  "}).status_code == 400
    reason = "Our team is busy until June."
    assert france_client.post(url, {"decline_reason": reason}).status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decline_reason) == ("declined", "Our team is busy until June.")
    assert client_for(None).get(f"/peer-exchanges/{pending.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        services.accept_peer_exchange(exchange=pending, by=focal_point_france)


@pytest.mark.django_db
def test_a_request_goes_only_to_a_peer_once_at_a_time(
    kenya, france, indicator, focal_point_kenya, client_for
):
    published(kenya, 2)
    published(france, 3)
    arguments = {
        "from_member_state": kenya,
        "indicator": indicator,
        "topic": "Coordination",
        "message": "Hello",
        "by": focal_point_kenya,
    }
    with pytest.raises(ValidationError, match="not at phase 4 or 5"):
        services.request_peer_exchange(to_member_state=france, **arguments)
    assert client_for(focal_point_kenya).get(f"/peer-exchanges/new/FRA/{FIRST}/").status_code == 404
    with pytest.raises(ValidationError, match="itself"):
        services.request_peer_exchange(to_member_state=kenya, **arguments)
    nigeria = MemberState.objects.get(iso3="NGA")
    published(nigeria, 4)
    services.request_peer_exchange(to_member_state=nigeria, **arguments)
    with pytest.raises(ValidationError, match="already pending"):
        services.request_peer_exchange(to_member_state=nigeria, **arguments)
    assert PeerExchangeRequest.objects.count() == 1


@pytest.mark.django_db
def test_hostile_input_is_refused_not_a_server_error(client_for, france_ahead, focal_point_kenya):
    client = client_for(focal_point_kenya)
    url = f"/peer-exchanges/new/FRA/{FIRST}/"
    for data in (
        {"topic": "Nul\x00byte", "message": "x"},
        {"topic": "x" * 10_000, "message": "x"},
        {"topic": "ok", "message": "x" * 100_000},
    ):
        assert client.post(url, data).status_code == 400
    assert not PeerExchangeRequest.objects.exists()


@pytest.mark.django_db
def test_the_changes_are_audited(pending, focal_point_france):
    services.accept_peer_exchange(exchange=pending, by=focal_point_france)
    events = (
        PeerExchangeRequestEvent.objects.filter(pgh_obj_id=pending.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", "status")
    )
    assert list(events) == [("insert", "pending"), ("update", "accepted")]


# --- e-mails -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_side_gets_its_mail(pending, focal_point_kenya, focal_point_france):
    assert notify_peer_exchange_requested(pending.pk) == 1
    assert mail.outbox[0].to == [focal_point_france.email]
    assert "Peer exchange request from Kenya" in mail.outbox[0].subject
    assert f"/peer-exchanges/{pending.pk}/" in mail.outbox[0].body
    services.decline_peer_exchange(exchange=pending, by=focal_point_france, reason="Busy.")
    assert notify_peer_exchange_answered(pending.pk) == 1
    assert mail.outbox[1].to == [focal_point_kenya.email]
    assert "France declined" in mail.outbox[1].subject and "Busy." in mail.outbox[1].body
    assert notify_peer_exchange_requested(999_999) == 0


def test_the_worker_sends_one_mail_to_each_side(celery_worker, client_for):
    kenya, france = MemberState.objects.get(iso3="KEN"), MemberState.objects.get(iso3="FRA")
    published(kenya, 1)
    published(france, 4)
    ken = factories.FocalPointFactory(email="focal.ken@example.org", member_state=kenya)
    fra = factories.FocalPointFactory(email="focal.fra@example.org", member_state=france)
    sent = client_for(ken).post(
        f"/peer-exchanges/new/FRA/{FIRST}/", {"topic": "Coordination", "message": "Hello"}
    )
    assert sent.status_code == 302
    assert [m.to for m in wait_for_mail(1)] == [[fra.email]]
    exchange = PeerExchangeRequest.objects.get()
    assert client_for(fra).post(f"/peer-exchanges/{exchange.pk}/accept/").status_code == 302
    outbox = wait_for_mail(2)
    assert [m.to for m in outbox] == [[fra.email], [ken.email]]
    assert "France accepted" in outbox[1].subject


def test_two_concurrent_answers_record_one(transactional_db, migrated_rows):
    """Accept and decline at once, on two real connections: one wins, the other is refused."""
    kenya, france = MemberState.objects.get(iso3="KEN"), MemberState.objects.get(iso3="FRA")
    published(kenya, 1)
    published(france, 4)
    ken = factories.FocalPointFactory(email="focal.ken@example.org", member_state=kenya)
    fra = factories.FocalPointFactory(email="focal.fra@example.org", member_state=france)
    exchange = services.request_peer_exchange(
        from_member_state=kenya,
        to_member_state=france,
        indicator=GdhmIndicator.objects.get(code=FIRST),
        topic="Coordination",
        message="Hello",
        by=ken,
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(action):
        try:
            barrier.wait()
            if action == "accept":
                services.accept_peer_exchange(exchange=exchange, by=fra)
            else:
                services.decline_peer_exchange(exchange=exchange, by=fra, reason="Busy.")
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(a,)) for a in ("accept", "decline")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    updates = PeerExchangeRequestEvent.objects.filter(pgh_obj_id=exchange.pk, pgh_label="update")
    assert updates.count() == 1
