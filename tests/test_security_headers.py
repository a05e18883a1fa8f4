"""Security headers and cookies with the production settings, and the security settings read
from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from csp.constants import NONE, SELF
from csp.utils import build_policy
from django.core.files.base import ContentFile

from tests import factories

ROOT = Path(__file__).resolve().parents[1]
# Inherited variables that would hide the defaults (`make test` turns throttling off).
PRODUCTION_UNSET = {
    "DEBUG",
    "HTTPS",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "THROTTLE_ANON",
    "THROTTLE_USER",
    "REQUIRE_SECRETARIAT_2FA",
    "REQUIRE_ADMIN_2FA",
    "AXES_ENABLED",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
]
PRINT_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in %r}, default=str))"
)


def settings_of(names, **env):
    """The values of `names` in a fresh process with the given environment (production when
    DEBUG=0 and a secret are given)."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_SETTINGS % (names,)],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "a-real-production-secret-" + "x" * 40}


@pytest.fixture(scope="module")
def production_settings():
    return settings_of(SECURITY_SETTINGS, **PRODUCTION)


@pytest.mark.django_db
def test_a_rendered_page_carries_the_security_headers_in_production(
    client, settings, production_settings, focal_point_kenya
):
    for name, value in production_settings.items():
        setattr(settings, name, value)
    assert client.get("/").status_code == 301  # plain HTTP is redirected to HTTPS

    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    csp = dict(
        [*directive.split(" ", 1), ""][:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )
    assert csp["script-src"] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["style-src"] == "'self'"
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["form-action"] == "'self'"
    assert "upgrade-insecure-requests" in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"

    login = client.post(
        "/accounts/login/",
        {"username": focal_point_kenya.email, "password": factories.DEFAULT_PASSWORD},
        secure=True,
    )
    assert login.status_code == 302
    session = login.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_policy_is_django_csps_and_follows_the_settings(client, settings):
    """Pages and API answers carry the policy django-csp builds from the settings, and a changed
    setting shows at once."""
    assert client.get("/api/v1/who-regions/")["Content-Security-Policy"] == build_policy()
    assert client.get("/")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": [SELF]}}
    response = client.get("/api/v1/who-regions/")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Security-Policy-Report-Only"] == build_policy(report_only=True)
    assert "img-src 'self'" in response["Content-Security-Policy-Report-Only"]


@pytest.mark.django_db
def test_uploaded_documents_keep_their_own_sandbox_policy(client_for, focal_point_kenya, kenya):
    profile = factories.ProfileSubmissionFactory(member_state=kenya)
    profile.strategy_document.save("strategy.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    response = client_for(focal_point_kenya).get(f"/profiles/{profile.pk}/strategy.pdf")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


PROTECTION_SETTINGS = [
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "THROTTLE_ANON",
    "THROTTLE_USER",
    "REQUIRE_SECRETARIAT_2FA",
]


def test_protection_settings_come_from_the_environment():
    production = settings_of(
        PROTECTION_SETTINGS,
        **PRODUCTION,
    )
    assert production == {
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:15:00",
        "THROTTLE_ANON": "120/min",
        "THROTTLE_USER": "1200/min",
        "REQUIRE_SECRETARIAT_2FA": True,
    }
    configured = settings_of(
        PROTECTION_SETTINGS,
        **PRODUCTION,
        AXES_FAILURE_LIMIT="10",
        AXES_COOLOFF_MINUTES="60",
        THROTTLE_ANON="off",
        THROTTLE_USER="5000/hour",
        REQUIRE_SECRETARIAT_2FA="0",
    )
    assert configured == {
        "AXES_FAILURE_LIMIT": 10,
        "AXES_COOLOFF_TIME": "1:00:00",
        "THROTTLE_ANON": None,
        "THROTTLE_USER": "5000/hour",
        "REQUIRE_SECRETARIAT_2FA": False,
    }
    development = settings_of(["REQUIRE_SECRETARIAT_2FA"], DEBUG="1")
    assert development == {"REQUIRE_SECRETARIAT_2FA": False}


def test_a_malformed_throttle_rate_refuses_to_start():
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "THROTTLE_ANON": "lots"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "THROTTLE_ANON='lots'" in result.stderr


def test_the_former_name_of_the_two_factor_setting_refuses_to_start():
    """A deployment that set REQUIRE_ADMIN_2FA learns it was renamed, rather than having its
    choice ignored."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "REQUIRE_ADMIN_2FA": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REQUIRE_ADMIN_2FA is now REQUIRE_SECRETARIAT_2FA" in result.stderr
