"""Time the investments pages and endpoints and count their queries on the current database.

Usage (after `seed_demo --scale large` and ANALYZE on PostgreSQL):
    DATABASE_URL=postgres://… DEBUG=1 .venv/bin/python manage.py shell < bench/investments_pages.py
"""

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from investments.models import InvestmentPlan

client = Client(HTTP_HOST="127.0.0.1")
kenya = InvestmentPlan.objects.filter(member_state="KEN").order_by("pk").first()
urls = [
    "/investments/",
    "/investments/needs/",
    "/investments/needs/?region=AFR&minimum_gap=100000",
    "/investments/partners/",
    f"/investments/plans/{kenya.pk}/",
    "/countries/KEN/",
    "/api/v1/investment-plans/",
    "/api/v1/investment-plans/?ordering=-gap_usd",
    f"/api/v1/investment-plans/{kenya.pk}/",
    "/api/v1/commitments/",
    "/api/v1/funding-gaps/?group_by=component",
    "/api/v1/funding-gaps/?group_by=member_state",
    "/api/v1/commitments/?format=iati",
    "/api/v1/commitments/?format=csv",
    "/api/v1/investment-plans/?format=csv",
]
print(f"{'url':55} {'status':>6} {'queries':>7} {'seconds':>8} {'bytes':>10}")
for url in urls:
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.perf_counter() - start
    print(f"{url:55} {response.status_code:>6} {len(queries):>7} {elapsed:>8.2f} {len(body):>10}")
