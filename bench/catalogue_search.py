"""Benchmark of the resource catalogue on PostgreSQL with 100,000 published resources.

    make bench            (or: .venv/bin/python bench/catalogue_search.py [--requests 200])

Seeds its own database (BENCH_DATABASE_URL, default gidh_catalogue_bench on localhost; reused
when already seeded), then times requests in-process with Django's test client, so the figures
are server time (URL routing, views, queries, template rendering), without network. Prints
p50/p95 per scenario and the EXPLAIN of the search query, which must show the GIN index.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres:postgres@127.0.0.1:5432/gidh_catalogue_bench"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-that-is-long-enough-for-checks")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Server time of the views themselves: the whole-response cache (RESPONSE_CACHE) stays off.
os.environ.setdefault("RESPONSE_CACHE", "0")
# Hundreds of requests from one client: no API throttling, the bench measures work.
os.environ.setdefault("THROTTLE_ANON", "off")
os.environ.setdefault("THROTTLE_USER", "off")
# The facet cache is the shared Redis cache, as in production.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")

SCENARIOS = [
    ("catalogue page, no query", "/resources/"),
    (
        "catalogue page, search + 2 filters",
        "/resources/?q=immunization+registries&kind=standard&language=en",
    ),
    ("catalogue page, common term", "/resources/?q=health"),
    (
        "API list, search + 2 facet filters + facets=true",
        "/api/v1/resources/?search=immunization&language=en&region=AFR&facets=true",
    ),
    (
        "API list, common term + 2 facet filters + facets=true",
        "/api/v1/resources/?search=guidance&kind=toolkit&licence=CC-BY-4.0&facets=true",
    ),
]


def ensure_database():
    import psycopg2

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
        dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def seed(count):
    from django.core.management import call_command

    from resources.models import Resource

    call_command("migrate", verbosity=0)
    # Pages are rendered as in production: whitenoise's manifest of hashed static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    have = Resource.objects.published().count()
    if have >= count:
        print(f"Reusing the benchmark database: {have} published resources.")
        return
    started = time.perf_counter()
    call_command("seed_demo", "--force", "--resources", str(count), verbosity=0)
    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        # The bulk seeder writes each resource row twice (its facet arrays are filled after its
        # relations, migration 0005): compact the table as a restored dump would be.
        cursor.execute("VACUUM (FULL, ANALYZE) resources_resource")
        cursor.execute("VACUUM ANALYZE")
    took = time.perf_counter() - started
    print(f"Seeded {Resource.objects.published().count()} published resources in {took:.0f} s.")


def measure(client, url, requests, *, cold):
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    times = []
    for n in range(requests):
        # Cold: a parameter the filters ignore but the facet cache key includes, so every
        # request counts its facets in the database.
        target = f"{url}{'&' if '?' in url else '?'}bench={time.time_ns()}-{n}" if cold else url
        started = time.perf_counter()
        response = client.get(target)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    seed(args.resources)

    from django.db import connection
    from django.test import Client

    from resources.models import Resource

    client = Client()
    print(f"\nLoad average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for cold in (False, True):
        title = "facet cache cold (counted per request)" if cold else "facet cache warm"
        print(f"\n{title:<58} {'p50 ms':>8} {'p95 ms':>8}  (n={args.requests})")
        worst = 0.0
        for label, url in SCENARIOS:
            p50, p95 = measure(client, url, args.requests, cold=cold)
            worst = max(worst, p95)
            print(f"{label:<58} {p50:8.1f} {p95:8.1f}")
        verdict = "met" if worst <= 150 else "NOT met"
        print(f"Target p95 <= 150 ms: {verdict} (worst p95 {worst:.1f} ms)")

    queryset = Resource.objects.published().matching("immunization registries").order_by("-rank")
    print("\nEXPLAIN ANALYZE of the search query (first page, relevance):")
    print(queryset[:20].explain(analyze=True))
    plan = queryset.explain()
    print(
        "\nGIN index used:",
        "yes" if "resources_resource_search_gin" in plan else "NO",
    )
    connection.close()


if __name__ == "__main__":
    main()
