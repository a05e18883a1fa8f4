"""Cold requests (docs/performance.md "Cold is normal"): the first request to each one-URL
endpoint of the benchmark (bench/endpoints.py)

1. after a deploy: a fresh gunicorn worker per endpoint, response cache off, its first request;
2. after a write: the response cache on and every endpoint warm, a secretariat member publishes
   a resource through the service (which bumps the resources data version), then the first
   request to each endpoint.

Run after `make bench` has seeded gidh_bench: `python bench/cold.py`. The resource published
for step 2 is deleted at the end. Prints ms per endpoint.
"""

import json
import subprocess
import sys
import time
import urllib.request

from run import (  # bench/run.py: the same server and endpoints
    DATABASE_URL,
    ENDPOINTS,
    PORTAL_PORT,
    PYTHON,
    REDIS_URL,
    ROOT,
    Server,
    portal_env,
    resolve_paths,
    wait_for_port,
)

WRITE = """
import django, json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")
django.setup()
from members.models import Organization, User
from resources import services
from resources.models import Resource
from gidh_portal.response_cache import data_changed
if sys.argv[1] == "publish":
    by = User.objects.get(email="secretariat@example.org")
    resource = services.propose_resource(
        by=by, publish=True, languages=["en"],
        data={"title": "Cold benchmark resource", "summary": "Published by bench/cold.py.",
              "kind": "guideline", "link": "https://example.org/cold",
              "publisher": Organization.objects.order_by("pk").first(),
              "publication_year": 2026},
    )
    print(json.dumps(resource.pk))
else:
    Resource.objects.filter(title="Cold benchmark resource").delete()
    data_changed("resources")
"""


def first_request_ms(path):
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORTAL_PORT}{path}", timeout=60) as answer:
        answer.read()
    return (time.perf_counter() - started) * 1000


def write(action, env):
    subprocess.run([PYTHON, "-c", WRITE, action], cwd=ROOT, env=env, check=True)


def after_deploy(endpoints):
    env = portal_env(response_cache=False)
    command = [PYTHON, "-m", "gunicorn", "gidh_portal.wsgi", "--workers", "1",
               "--bind", f"127.0.0.1:{PORTAL_PORT}", "--log-level", "warning"]  # fmt: skip
    times = {}
    for endpoint in endpoints:
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            wait_for_port(PORTAL_PORT)
            time.sleep(2)  # the worker imports the app after the port is bound
            times[endpoint.name] = first_request_ms(endpoint.path)
        finally:
            process.terminate()
            process.wait(timeout=20)
    return times


def after_write(endpoints):
    env = portal_env(response_cache=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True, check=False)
    with Server("gidh_portal.wsgi", PORTAL_PORT, env, "/api/v1/member-states/"):
        for endpoint in endpoints:
            for _ in range(4):  # both workers, cached
                first_request_ms(endpoint.path)
        warm = {endpoint.name: first_request_ms(endpoint.path) for endpoint in endpoints}
        write("publish", env)
        try:
            cold = {endpoint.name: first_request_ms(endpoint.path) for endpoint in endpoints}
        finally:
            write("delete", env)
    return warm, cold


def main():
    print(f"Database: {DATABASE_URL.rsplit('@', 1)[-1]}", flush=True)
    endpoints = resolve_paths(ENDPOINTS)
    deploy = after_deploy(endpoints)
    warm, cold = after_write(endpoints)
    print(f"\n{'endpoint':<22} {'after deploy':>12} {'cached':>8} {'after a write':>13}  (ms)")
    for endpoint in endpoints:
        name = endpoint.name
        print(f"{name:<22} {deploy[name]:>12.1f} {warm[name]:>8.1f} {cold[name]:>13.1f}")
    print(json.dumps({"after_deploy": deploy, "cached": warm, "after_write": cold}))


if __name__ == "__main__":
    sys.exit(main())
