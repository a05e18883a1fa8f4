"""Every CSV export neutralises cells that a spreadsheet would run as a formula (cells starting
with =, +, -, @, tab or carriage return are prefixed with a quote)."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from gidh_portal.csv_export import FORMULA_PREFIXES
from investments import report_services
from investments.models import ReportRun
from investments.reports import Period
from tests import factories

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
NUMBER = re.compile(r"-?\d+(\.\d+)?")
PROJECT = Path(__file__).resolve().parents[2]
PERIOD = Period.last_complete()


@pytest.fixture
def formulas(kenya, secretariat):
    organization = factories.OrganizationFactory(name=FORMULAS[0])
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, title=FORMULAS[1], currency="USD", status="approved"
    )
    priority = factories.PriorityFactory(plan=plan, rank=1, title=FORMULAS[5])
    factories.PriorityCostFactory(priority=priority, year=2024, amount="10")
    factories.CommitmentFactory(
        plan=plan,
        priority=priority,
        organization=organization,
        description=FORMULAS[2],
        status="committed",
        committed_amount="1000.00",
        committed_on="2024-03-01",
        verified_at="2024-03-02T00:00Z",
        verified_by=secretariat,
    )
    factories.ResourceFactory(
        slug="formula", title=FORMULAS[3], summary=FORMULAS[4], publisher=organization
    )
    run = ReportRun.objects.create(period=str(PERIOD), publish=True, trigger="command")
    report_services.generate_period(run=run)


CSV_EXPORTS = [
    "/api/v1/resources/?format=csv",
    "/api/v1/investment-plans/?format=csv",
    "/api/v1/commitments/?format=csv",
    *(f"/api/v1/funding-gaps/?format=csv&group_by={g}" for g in ("region", "member_state")),
    reverse("reports:report-csv", args=["global", str(PERIOD), 1]),
]


def test_every_csv_export_is_listed_here():
    """A new CSV export (a new stream_csv or text/csv writer) must be added to CSV_EXPORTS."""
    sources = [
        path
        for app in ("members", "resources", "investments", "gidh_portal")
        for path in (PROJECT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]
    writers = sum(
        path.read_text().count("stream_csv(") + path.read_text().count('"text/csv; charset')
        for path in sources
    )
    # gidh_portal/csv_export.py: the definition and its response; the four calls; the report.
    assert writers == 2 + 4 + 1, writers


@pytest.mark.django_db
@pytest.mark.parametrize("url", CSV_EXPORTS)
def test_csv_export_neutralises_formula_cells(client_for, secretariat, formulas, url):
    response = client_for(secretariat).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES) or NUMBER.fullmatch(cell), (url, cell)
    written = {cell for row in rows for cell in row}
    expected = {
        "resources": {"'" + FORMULAS[3], "'" + FORMULAS[4], "'" + FORMULAS[0]},
        "investment-plans": {"'" + FORMULAS[1]},
        "commitments": {"'" + FORMULAS[2], "'" + FORMULAS[5]},
        "reports": {"'" + FORMULAS[0]},
    }
    for key, cells in expected.items():
        if key in url:
            assert cells <= written, (url, cells - written)
