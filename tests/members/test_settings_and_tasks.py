import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from members.models import MemberState
from members.tasks import check_health

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_UNSET = {"DEBUG", "HTTPS", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DEBUG="0",
        SECRET_KEY="a-real-production-secret-" + "x" * 40,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bare_checkout_runs_management_commands_in_development_mode():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_the_demo_accounts():
    from django.core.management import call_command

    from members.models import Organization, User

    call_command("seed_demo", "--force", "--password", "demo-pass-123", stdout=io.StringIO())
    counts = (User.objects.count(), Organization.objects.count())
    call_command("seed_demo", "--force", "--password", "demo-pass-123", stdout=io.StringIO())
    assert (User.objects.count(), Organization.objects.count()) == counts
    assert User.objects.get(email="secretariat@example.org").is_secretariat
    assert User.objects.get(email="focal.ken@example.org").member_state_id == "KEN"
    assert User.objects.get(email="focal.fra@example.org").member_state_id == "FRA"
    partner = User.objects.get(email="partner@example.org")
    assert partner.is_partner_member and partner.check_password("demo-pass-123")


def test_health_task_runs_on_a_real_worker_through_redis(celery_worker, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    result = check_health.delay()
    outcome = result.get(timeout=20)
    assert outcome["database"] == "ok"
    assert outcome["member_states"] == MemberState.objects.count() == 194
    assert result.successful()
