"""In-process server time of each benchmarked endpoint (Django test client, response cache off).

Less sensitive than wrk to a loaded machine: each request is timed alone, so the figures are the
portal's own work per request (median and p95 over `--repeat` requests, after one warm-up).

Usage (same environment as the portal, e.g. DATABASE_URL of the bench database):
    python bench/server_times.py [--repeat 30] [--only NAME ...]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")
os.environ["RESPONSE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.endpoints import ENDPOINTS, PLAN_SQL, RESOURCE_SQL  # noqa: E402


def _value(statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--path", nargs="*", help="extra paths to time (name=/path/)")
    args = parser.parse_args()
    values = {"plan": _value(PLAN_SQL), "resource": _value(RESOURCE_SQL)}
    paths = [
        (e.name, e.path.format(**values)) for e in ENDPOINTS if not args.only or e.name in args.only
    ]
    paths += [tuple(p.split("=", 1)) for p in args.path or []]
    client = Client()
    print(f"{'endpoint':<28} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'queries':>7}")
    for name, path in paths:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # read now: the next request resets the connection's query log
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{name:<28} {statistics.median(times):>10.1f} {p95:>8.1f} {times[0]:>8.1f} {count:>7}",
            flush=True,
        )


if __name__ == "__main__":
    main()
