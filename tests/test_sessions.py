"""Sessions: the key rotates at login, deactivating an account ends its sessions (database and
cache copies) and revokes its API tokens, and POSTs without a CSRF token are refused."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import caches
from django.test import Client

from members import services
from members.models import ApiToken, Session, User
from resources.models import DigitalHealthIntervention

from . import factories

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ACCOUNT = "/account/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _session_key(client):
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None


def _logged_in(user):
    """A client logged in through the real form (password, CSRF token and all)."""
    client = Client(enforce_csrf_checks=True)
    token = CSRF_INPUT.search(client.get(LOGIN).content.decode()).group(1)
    response = client.post(
        LOGIN,
        {"username": user.email, "password": factories.DEFAULT_PASSWORD},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _session_is_stored(key):
    in_cache = caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + key) is not None
    return in_cache, Session.objects.filter(session_key=key).exists()


def test_login_through_the_form_rotates_the_session_key(partner):
    client = Client(enforce_csrf_checks=True)
    session = client.session  # an anonymous session, as a visitor may already have
    session["seen"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    page = client.get(LOGIN)
    token = CSRF_INPUT.search(page.content.decode()).group(1)

    response = client.post(
        LOGIN,
        {"username": partner.email, "password": factories.DEFAULT_PASSWORD},
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 302
    after = _session_key(client)
    assert after and after != before
    assert client.get(ACCOUNT).status_code == 200
    # The key known before login (e.g. planted by an attacker) is worth nothing now.
    assert not Session.objects.filter(session_key=before).exists()
    fixated = Client()
    fixated.cookies[settings.SESSION_COOKIE_NAME] = before
    assert fixated.get(ACCOUNT).status_code == 302


def test_sessions_know_their_user_and_live_in_the_database_and_the_cache(partner):
    client = _logged_in(partner)
    key = _session_key(client)
    assert Session.objects.get(session_key=key).user == partner
    assert _session_is_stored(key) == (True, True)


def _two_sessions_and_a_token(user):
    clients = [_logged_in(user), _logged_in(user)]
    _token, raw = services.create_api_token(user=user, name="script")
    for client in clients:
        assert client.get(ACCOUNT).status_code == 200
    api = Client()
    assert api.get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    return clients, raw


def _assert_access_ended(user, clients, raw):
    for client in clients:
        key = _session_key(client)
        assert _session_is_stored(key) == (False, False)
        assert client.get(ACCOUNT).status_code == 302  # to the login page: logged out
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    # Reactivated, the account still has to log in again and create new tokens.
    User.objects.filter(pk=user.pk).update(is_active=True)
    for client in clients:
        assert client.get(ACCOUNT).status_code == 302
    response = Client().get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_deactivating_through_the_service_ends_sessions_and_revokes_tokens(partner):
    clients, raw = _two_sessions_and_a_token(partner)
    services.deactivate_user(user=partner)
    _assert_access_ended(partner, clients, raw)


def test_deactivating_by_saving_the_model_ends_sessions_and_revokes_tokens(partner):
    clients, raw = _two_sessions_and_a_token(partner)
    partner.is_active = False
    partner.save()
    _assert_access_ended(partner, clients, raw)


def test_deactivating_with_a_queryset_update_ends_sessions_and_revokes_tokens(partner):
    other = factories.PartnerMemberFactory()
    clients, raw = _two_sessions_and_a_token(partner)
    other_client = _logged_in(other)

    User.objects.filter(pk=partner.pk).update(is_active=False)

    _assert_access_ended(partner, clients, raw)
    assert other_client.get(ACCOUNT).status_code == 200  # nobody else is logged out


def test_deactivating_in_the_admin_ends_sessions_and_revokes_tokens(partner, secretariat):
    clients, raw = _two_sessions_and_a_token(partner)
    admin = Client()
    admin.force_login(secretariat)
    url = f"/admin/members/user/{partner.pk}/change/"
    form = admin.get(url)
    assert form.status_code == 200
    data = {
        "email": partner.email,
        "full_name": partner.full_name,
        "organization": partner.organization_id,
        "is_staff": "",
        "is_active": "",  # unticked
        "date_joined_0": partner.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": partner.date_joined.strftime("%H:%M:%S"),
        "seen_version": partner.version,
    }

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    partner.refresh_from_db()
    assert not partner.is_active
    _assert_access_ended(partner, clients, raw)


def test_saving_an_active_user_leaves_their_sessions_alone(partner):
    client = _logged_in(partner)
    partner.full_name = "Renamed"
    partner.save()
    User.objects.filter(pk=partner.pk).update(full_name="Renamed again")
    assert client.get(ACCOUNT).status_code == 200


# --- CSRF ---------------------------------------------------------------------------------------


def test_page_form_post_without_csrf_token_is_refused(partner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner)
    refused = client.post("/account/tokens/", {"name": "script"})
    assert refused.status_code == 403
    assert not ApiToken.objects.filter(user=partner).exists()

    token = CSRF_INPUT.search(client.get(ACCOUNT).content.decode()).group(1)
    accepted = client.post("/account/tokens/", {"name": "script", "csrfmiddlewaretoken": token})
    assert accepted.status_code == 201


def test_login_form_without_csrf_token_is_refused(partner):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        LOGIN, {"username": partner.email, "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 403
    assert _session_key(client) is None


def _proposal(publisher):
    return {
        "kind": "guideline",
        "title": "A proposed guideline",
        "summary": "What it is for.",
        "publisher": publisher.pk,
        "languages": ["en"],
        "link": "https://example.org/guideline",
        "topics": [DigitalHealthIntervention.objects.filter(version="v2").first().pk],
    }


def test_session_authenticated_api_post_without_csrf_token_is_refused(partner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner)
    body = _proposal(partner.organization)
    refused = client.post("/api/v1/resources/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get(ACCOUNT)  # sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(
        "/api/v1/resources/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201, accepted.json()


def test_token_authenticated_api_post_needs_no_csrf_token(partner):
    _token, raw = services.create_api_token(user=partner, name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/resources/",
        _proposal(partner.organization),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.json()
