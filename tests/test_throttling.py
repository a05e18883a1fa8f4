"""API throttling: per address for anonymous callers, per user for token and session callers,
counted in Redis, answered with the API's JSON error shape and `Retry-After`.

The suite runs with throttling off (tests/conftest.py); each test here turns a low rate on and
uses an address of its own, so the counts of parallel test processes never meet in Redis."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from gidh_portal.throttling import client_ip
from members import services

pytestmark = pytest.mark.django_db

API = "/api/v1/who-regions/"


def fresh_address(address, *scopes):
    cache.delete_many([f"throttle_{scope}_{address}" for scope in scopes or ("anon",)])
    return address


def test_anonymous_callers_are_limited_per_address_with_a_json_429(client, settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    settings.THROTTLE_ANON = "3/min"
    address = fresh_address("203.0.113.7")
    statuses = [client.get(API, REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get(API, REMOTE_ADDR=address)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["status"] == 429 and body["code"] == "throttled" and body["errors"] == {}
    assert "throttled" in body["detail"].lower()
    # The count lives in Redis, shared by every web node.
    assert len(cache.get(f"throttle_anon_{address}")) == 3
    # Another address is counted apart.
    assert client.get(API, REMOTE_ADDR=fresh_address("203.0.113.8")).status_code == 200


def test_token_users_are_limited_per_user(client, settings, partner):
    settings.THROTTLE_USER = "2/min"
    _token, raw = services.create_api_token(user=partner, name="script")
    cache.delete(f"throttle_user_{partner.pk}")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    statuses = [
        client.get(API, REMOTE_ADDR=address, **headers).status_code
        for address in ("203.0.113.20", "203.0.113.21", "203.0.113.22")
    ]
    assert statuses == [200, 200, 429]
    # The anonymous rate is off here: anonymous callers are not slowed by the user's count.
    assert client.get(API, REMOTE_ADDR="203.0.113.20").status_code == 200


def test_guessing_tokens_is_throttled_at_the_anonymous_rate(client, settings):
    settings.THROTTLE_ANON = "2/min"
    address = fresh_address("203.0.113.30", "invalid-token", "anon")
    headers = {"HTTP_AUTHORIZATION": "Bearer gidh_guess", "REMOTE_ADDR": address}
    statuses = [client.get(API, **headers).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert client.get(API, **headers).json()["code"] == "throttled"


def test_off_means_no_limit(client, settings):
    settings.THROTTLE_ANON = None
    address = fresh_address("203.0.113.40")
    assert {client.get(API, REMOTE_ADDR=address).status_code for _ in range(10)} == {200}


def test_the_client_address_behind_proxies_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
    )
    assert client_ip(request) == "10.0.0.2"
    settings.NUM_PROXIES = 1
    # What the client wrote itself ("1.2.3.4") is ignored.
    assert client_ip(request) == "198.51.100.9"
    settings.NUM_PROXIES = 2
    assert client_ip(request) == "1.2.3.4"
