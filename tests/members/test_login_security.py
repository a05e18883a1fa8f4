"""Login protection: lockout after repeated failures (django-axes, in the database) and
two-factor authentication with an authenticator app (django-otp TOTP), with real codes."""

import base64
import datetime
import io
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.utils import formats, timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.conftest import Client

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WRONG = {"username": "focal.ken@example.org", "password": "not-the-password"}
RIGHT = {"username": "focal.ken@example.org", "password": factories.DEFAULT_PASSWORD}


def fail_logins(client, times):
    """`times` wrong passwords; the fifth one is refused with the lockout page."""
    for attempt in range(1, times + 1):
        response = client.post(LOGIN, WRONG)
        if attempt < 5:
            assert response.status_code == 200
            assert "correct email address and password" in response.content.decode()
        else:
            assert response.status_code == 429


def test_five_failures_lock_the_email_and_address_with_a_lockout_page(client, focal_point_kenya):
    fail_logins(client, 5)
    # Locked: even the right password is refused, on an accessible page of the portal's layout.
    response = client.post(LOGIN, RIGHT)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "<h1>Login temporarily locked</h1>" in html
    assert 'role="alert"' in html and 'class="skip-link"' in html
    assert "/accounts/password_reset/" in html
    retry_at = timezone.now() + datetime.timedelta(minutes=15)
    with timezone.override(datetime.UTC):
        times = {formats.time_format(retry_at + datetime.timedelta(minutes=m)) for m in (0, 1)}
    assert any(f"after {time} UTC" in html for time in times), html
    assert client.get("/account/").status_code == 302
    # Stored in the database (shared by every web node), counted per email and address.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("focal.ken@example.org", "127.0.0.1")
    assert attempt.failures_since_start >= 5


def test_the_lock_is_per_email_and_address(client, focal_point_kenya, focal_point_france):
    fail_logins(client, 5)
    other_address = Client(REMOTE_ADDR="198.51.100.20")
    assert other_address.post(LOGIN, RIGHT).status_code == 302
    other_account = {"username": "focal.fra@example.org", "password": factories.DEFAULT_PASSWORD}
    assert client.post(LOGIN, other_account).status_code == 302


def test_the_case_of_the_email_does_not_escape_the_count(client, focal_point_kenya):
    for username in ["focal.ken@example.org", "FOCAL.KEN@example.org", " Focal.Ken@Example.org "]:
        client.post(LOGIN, {**WRONG, "username": username})
    client.post(LOGIN, WRONG)
    assert client.post(LOGIN, {**WRONG, "username": "Focal.KEN@example.org"}).status_code == 429


def test_the_lock_ends_after_the_cool_off(client, focal_point_kenya):
    fail_logins(client, 5)
    assert client.post(LOGIN, RIGHT).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = client.post(LOGIN, RIGHT)
    assert response.status_code == 302 and response["Location"] == "/account/"
    # A successful login resets the count.
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


def test_limit_and_cool_off_come_from_the_settings(client, focal_point_kenya, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=3)
    client.post(LOGIN, WRONG)
    response = client.post(LOGIN, WRONG)
    assert response.status_code == 429 and response["Retry-After"] == "180"


def test_the_admin_login_goes_through_the_same_protected_login(client, secretariat):
    response = client.get("/admin/login/?next=/admin/members/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/members/user/"
    credentials = {"username": secretariat.email, "password": "wrong"}
    for _ in range(5):
        client.post("/accounts/login/?next=/admin/", credentials)
    right = {**credentials, "password": factories.DEFAULT_PASSWORD}
    assert client.post("/accounts/login/?next=/admin/", right).status_code == 429
    assert client.get("/admin/").status_code == 302


def test_test_client_login_counts_through_axes_too(focal_point_kenya):
    client = Client()
    for _ in range(5):
        assert client.login(**WRONG) is False
    assert client.login(**RIGHT) is False
    assert Client(REMOTE_ADDR="198.51.100.21").login(**RIGHT) is True


def test_password_reset_still_works_and_lifts_the_lock(client, focal_point_kenya):
    fail_logins(client, 5)
    assert client.post(LOGIN, RIGHT).status_code == 429
    response = client.post("/accounts/password_reset/", {"email": focal_point_kenya.email})
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link.split("testserver", 1)[1], follow=True)
    assert form.status_code == 200
    new_password = "a-new-and-long-passphrase-2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    response = client.post(LOGIN, {**RIGHT, "password": new_password})
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_api_tokens_work_for_a_locked_account(client, focal_point_kenya):
    """A lockout stops password guessing; it does not cut off the owner's scripts."""
    from members import services

    _token, raw = services.create_api_token(user=focal_point_kenya, name="script")
    fail_logins(client, 5)
    response = Client().get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_the_documented_command_unlocks_an_account(client, focal_point_kenya):
    from django.core.management import call_command

    fail_logins(client, 5)
    call_command("axes_reset_username", "focal.ken@example.org", stdout=io.StringIO())
    assert client.post(LOGIN, RIGHT).status_code == 302


def test_the_api_takes_no_password_so_it_cannot_be_used_to_guess_one(client, focal_point_kenya):
    basic = base64.b64encode(f"{RIGHT['username']}:{RIGHT['password']}".encode()).decode()
    response = client.post(
        "/api/v1/profiles/",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert not AccessAttempt.objects.exists()


# ---------------------------------------------------------------------------------------------
# Two-factor authentication
# ---------------------------------------------------------------------------------------------


def code_of(device, *, offset=0):
    """The code an authenticator app shows now (or `offset` steps later) for the device."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_enrolment_shows_the_secret_and_is_confirmed_with_a_real_code(client_for, secretariat):
    client = client_for(secretariat)
    account = client.get("/account/")
    assert "/account/two-factor/" in account.content.decode()
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    html = page.content.decode()
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert "otpauth://totp/GIDH%20Portal%3Asecretariat%40who.example.org?secret=" in html.replace(
        "&amp;", "&"
    )
    assert '<svg role="img"' in html and "<title>" in html
    # Reloading keeps the key the phone scanned.
    assert client.get("/account/two-factor/").context["secret"] == page.context["secret"]
    assert TOTPDevice.objects.filter(user=secretariat).count() == 1

    wrong = client.post("/account/two-factor/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "This code is not valid" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        right = client.post("/account/two-factor/", {"code": code_of(device)})
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "Two-factor authentication is on" in client.get("/account/two-factor/").content.decode()


def test_an_unconfirmed_key_is_replaced_after_an_hour(client_for, partner):
    client = client_for(partner)
    first = client.get("/account/two-factor/").context["secret"]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        second = client.get("/account/two-factor/").context["secret"]
    assert first != second
    assert TOTPDevice.objects.filter(user=partner).count() == 1


def test_login_asks_for_the_code_after_the_password(client, secretariat):
    device = confirmed_device(secretariat)
    credentials = {"username": secretariat.email, "password": factories.DEFAULT_PASSWORD}
    response = client.post(LOGIN, credentials)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    # Not logged in before the code.
    assert client.get("/account/").status_code == 302
    page = client.get("/accounts/login/code/")
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()

    wrong = client.post("/accounts/login/code/", {"code": code_of(device, offset=-10)})
    assert wrong.status_code == 400
    assert client.get("/account/").status_code == 302

    # django-otp delays the next try after a wrong code: an app user would wait a second.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=3)):
        right = client.post("/accounts/login/code/", {"code": code_of(device)})
        assert right.status_code == 302 and right["Location"] == "/account/"
        assert client.get("/account/").status_code == 200


def test_a_used_code_cannot_be_replayed(client, secretariat):
    device = confirmed_device(secretariat)
    credentials = {"username": secretariat.email, "password": factories.DEFAULT_PASSWORD}
    code = code_of(device)
    client.post(LOGIN, credentials)
    assert client.post("/accounts/login/code/", {"code": code}).status_code == 302
    other = Client()
    other.post(LOGIN, credentials)
    assert other.post("/accounts/login/code/", {"code": code}).status_code == 400


def test_wrong_codes_count_towards_the_lockout(client, secretariat):
    device = confirmed_device(secretariat)
    client.post(LOGIN, {"username": secretariat.email, "password": factories.DEFAULT_PASSWORD})
    statuses = []
    for step in range(5):
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2 ** (step + 1))):
            response = client.post("/accounts/login/code/", {"code": "123456"})
        statuses.append(response.status_code)
    assert statuses == [400, 400, 400, 400, 429]
    later = timezone.now() + datetime.timedelta(seconds=64)
    with time_machine.travel(later):
        response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert response.status_code == 429


def test_the_code_page_without_a_password_step_sends_to_the_login(client):
    response = client.get("/accounts/login/code/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_the_pending_login_expires(client, secretariat):
    device = confirmed_device(secretariat)
    client.post(LOGIN, {"username": secretariat.email, "password": factories.DEFAULT_PASSWORD})
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_removing_two_factor_needs_a_current_code(client_for, secretariat):
    device = confirmed_device(secretariat)
    client = client_for(secretariat)
    assert client.post("/account/two-factor/remove/", {"code": "000000"}).status_code == 400
    assert TOTPDevice.objects.filter(user=secretariat).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=3)):
        response = client.post("/account/two-factor/remove/", {"code": code_of(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretariat).exists()


def test_two_factor_pages_need_an_account(client):
    assert client.get("/account/two-factor/")["Location"].startswith("/accounts/login/")
    assert client.post("/account/two-factor/remove/", {"code": "1"}).status_code == 302


# With REQUIRE_SECRETARIAT_2FA


def test_admin_requires_a_verified_code_when_the_setting_is_on(client, secretariat, settings):
    settings.REQUIRE_SECRETARIAT_2FA = True
    device = confirmed_device(secretariat)
    credentials = {"username": secretariat.email, "password": factories.DEFAULT_PASSWORD}
    client.post("/accounts/login/?next=/admin/", credentials)
    response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_without_a_verified_session_asks_for_the_code(client_for, secretariat, settings):
    settings.REQUIRE_SECRETARIAT_2FA = True
    device = confirmed_device(secretariat)
    client = client_for(secretariat)  # a session from before: password only
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/code/?next=/admin/"
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=1)):
        verified = client.post("/accounts/login/code/?next=/admin/", {"code": code_of(device)})
    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_device_is_sent_to_enrolment(client, secretariat, settings):
    settings.REQUIRE_SECRETARIAT_2FA = True
    credentials = {"username": secretariat.email, "password": factories.DEFAULT_PASSWORD}
    response = client.post("/accounts/login/?next=/admin/", credentials)
    assert response["Location"] == "/account/two-factor/?next=%2Fadmin%2F"
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == (
        "/account/two-factor/?next=/admin/"
    )
    client.get("/account/two-factor/?next=/admin/")
    device = TOTPDevice.objects.get(user=secretariat)
    confirmed = client.post("/account/two-factor/", {"code": code_of(device), "next": "/admin/"})
    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_focal_points_log_in_as_before_when_the_setting_is_on(client, focal_point_kenya, settings):
    settings.REQUIRE_SECRETARIAT_2FA = True
    response = client.post(LOGIN, RIGHT)
    assert response["Location"] == "/account/"
    assert client.get("/admin/").status_code == 302


def test_admin_works_with_a_password_alone_when_the_setting_is_off(client_for, secretariat):
    assert client_for(secretariat).get("/admin/").status_code == 200
