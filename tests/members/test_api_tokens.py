import pytest
from django.db import connection

from members import services
from members.models import ApiToken


@pytest.mark.django_db
def test_token_created_on_account_page_is_shown_once_and_stored_hashed(client_for, partner):
    client = client_for(partner)
    response = client.post("/account/tokens/", {"name": "Data import"})
    assert response.status_code == 201
    raw = response.context["new_token"][1]
    assert raw.startswith("gidh_") and raw in response.content.decode()

    token = ApiToken.objects.get(user=partner)
    assert token.digest == ApiToken.digest_of(raw) and raw not in token.digest
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_apitoken")
        stored = repr(cursor.fetchall())
        cursor.execute("SELECT session_data FROM members_session")
        stored += repr(cursor.fetchall())
    assert raw not in stored

    again = client.get("/account/")
    assert raw not in again.content.decode()
    assert token.hint in again.content.decode()


@pytest.mark.django_db
def test_token_is_accepted_until_revoked(client, partner):
    token, raw = services.create_api_token(user=partner, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    accepted = client.get("/api/v1/member-states/KEN/", **auth)
    assert accepted.status_code == 200
    assert accepted.wsgi_request.user == partner
    token.refresh_from_db()
    assert token.last_used_at is not None

    services.revoke_api_token(token=token)
    refused = client.get("/api/v1/member-states/KEN/", **auth)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert refused["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
def test_token_of_a_deactivated_user_is_refused(client, partner):
    _token, raw = services.create_api_token(user=partner, name="script")
    partner.is_active = False
    partner.save()
    response = client.get("/api/v1/member-states/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


@pytest.mark.django_db
def test_malformed_or_unknown_bearer_header_is_refused_clearly(client):
    unknown = client.get("/api/v1/member-states/", HTTP_AUTHORIZATION="Bearer nope")
    assert unknown.status_code == 401
    malformed = client.get("/api/v1/member-states/", HTTP_AUTHORIZATION="Bearer a b")
    assert malformed.status_code == 401
    assert "Bearer <token>" in malformed.json()["detail"]


@pytest.mark.django_db
def test_revoke_from_the_account_page(client_for, partner):
    token, _raw = services.create_api_token(user=partner, name="old")
    response = client_for(partner).post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_cannot_revoke_someone_elses_token(client_for, partner, focal_point_kenya):
    token, _raw = services.create_api_token(user=partner, name="mine")
    response = client_for(focal_point_kenya).post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_token_needs_a_name(client_for, partner):
    response = client_for(partner).post("/account/tokens/", {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
