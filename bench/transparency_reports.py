"""Benchmark of one full period of transparency reports (global + 6 WHO regions).

    DATABASE_URL=$URL DEBUG=1 .venv/bin/python manage.py migrate
    DATABASE_URL=$URL DEBUG=1 .venv/bin/python manage.py seed_demo --scale large
    BENCH_DATABASE_URL=$URL .venv/bin/python bench/transparency_reports.py

Runs the same service as the monthly task (`investments.reports.services.generate_period`,
drafts, in a transaction that is rolled back so the database is left as it was) and prints the
wall time and the number of SQL queries, for the collection of the figures and for the whole
period. Target: under 10 s and under 100 queries.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres:postgres@127.0.0.1:5432/gidh_reports_bench"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-that-is-long-enough-for-checks")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", help="YYYY-MM (default: last complete month)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from investments.models import Commitment, PriorityCost, ReportRun
    from investments.reports import dataset
    from investments.reports import services as report_services
    from investments.reports.periods import Period
    from members.models import MemberState
    from resources.models import Resource

    period = Period.parse(args.period) if args.period else Period.last_complete()
    print(
        f"data: {MemberState.objects.count()} member states, {Resource.objects.count()} resources, "
        f"{PriorityCost.objects.count()} priority costs, {Commitment.objects.count()} commitments"
    )
    for attempt in range(1, args.repeat + 1):
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    period=str(period), trigger=ReportRun.Trigger.COMMAND
                )
                with CaptureQueriesContext(connection) as collect_queries:
                    started = time.perf_counter()
                    dataset.collect(period)
                    collected = time.perf_counter() - started
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    run = report_services.generate_period(run=run)
                    elapsed = time.perf_counter() - started
                print(
                    f"run {attempt}: {period}, {run.reports_done} of {run.reports_total} reports "
                    f"in {elapsed:.2f} s, {len(queries)} queries "
                    f"(collecting the figures: {collected:.2f} s, {len(collect_queries)} queries)"
                    + (f"; failures: {run.failures}" if run.failures else "")
                )
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main()
