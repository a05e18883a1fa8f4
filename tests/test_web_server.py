"""The production web server: gunicorn with the portal's settings (gidh_portal/gunicorn.py),
threaded workers answering concurrent requests, each thread with its own database connection."""

import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from gidh_portal import gunicorn as gunicorn_settings

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def web_server():
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "gidh_portal.wsgi",
        "--config", "python:gidh_portal.gunicorn",
        "--workers", "1", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, "DATABASE_URL": _database_url()}
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("gunicorn did not answer /healthz within 30 s")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_the_workers_are_threaded():
    assert gunicorn_settings.worker_class == "gthread"
    assert gunicorn_settings.threads >= 2


def test_one_worker_answers_concurrent_requests_each_with_the_database(web_server):
    def check(_n):
        with urllib.request.urlopen(f"{web_server}/healthz", timeout=20) as response:
            return response.status, json.load(response)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(check, range(32)))

    assert {status for status, _body in answers} == {200}
    assert all(body["checks"]["database"]["status"] == "ok" for _status, body in answers)
    assert all(body["checks"]["redis"]["status"] == "ok" for _status, body in answers)
