"""Every CSV export is safe in a spreadsheet and keeps its numbers numeric (docs/exports.md):
numbers are written bare, negative ones included; text is quoted, and a `'` goes before every
place a spreadsheet could start a formula: the start of the cell, and after each `;`, `|`, tab or
line break (where a spreadsheet splitting on another separator starts a new cell or row).

Read back two ways: Python's csv module with QUOTE_NONNUMERIC (bare fields are numbers, quoted
ones text), and LibreOffice Calc itself, which imports each file with formula evaluation on,
splitting on `,`, `;`, `|` and tab in turn, and must find no formula and numeric amounts."""

import csv
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse

from gidh_portal.csv_export import FORMULA_TRIGGERS, neutralize
from investments.models import ReportRun
from investments.reports import services as report_services
from investments.reports.csv_rows import DECIMAL_MEASURES
from investments.reports.periods import Period
from tests import factories

PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    ";=1+1",
    "|=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    "；=1+1",
    "｜=1+1",
    " =1+1",
    '"=1+1"',
    "Budget; =1+1",
    "Budget|=1+1",
    "Budget\t=1+1",
    "Line one\n=1+1",
    "Line one\r\n-1+1",
    "-5",
]
# Cost 10, committed 9,239,052.87: the plan's funding gap is negative.
NEGATIVE_GAP = -9239042.87
PROJECT = Path(__file__).resolve().parents[2]
PERIOD = Period.last_complete()
REPORT = reverse("reports:report-csv", args=["global", str(PERIOD), 1])
CSV_EXPORTS = {
    "resources": "/api/v1/resources/?format=csv",
    "plans": "/api/v1/investment-plans/?format=csv",
    "commitments": "/api/v1/commitments/?format=csv",
    "gaps-by-region": "/api/v1/funding-gaps/?format=csv&group_by=region",
    "gaps-by-member-state": "/api/v1/funding-gaps/?format=csv&group_by=member_state",
    "report": REPORT,
}
# The columns holding numbers (ids, years, counts, amounts), declared here independently of
# the code; the report's numbers are its `value` column's.
GAP_NUMBERS = {
    "cost_usd",
    "committed_usd",
    "disbursed_usd",
    "gap_usd",
    "undisbursed_gap_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
}
NUMBER_COLUMNS = {
    "resources": {"publication_year"},
    "plans": {
        "id",
        "start_year",
        "end_year",
        "cost",
        "committed",
        "disbursed",
        "gap",
        "cost_usd",
        "committed_usd",
        "disbursed_usd",
        "gap_usd",
        "undisbursed_gap",
        "undisbursed_gap_usd",
        "version",
        "cost_rates_missing",
        "commitment_rates_missing",
    },
    "commitments": {
        "id",
        "plan",
        "priority",
        "organization",
        "year",
        "version",
        "pledged_amount",
        "committed_amount",
        "disbursed_amount",
        "pledged_usd",
        "committed_usd",
        "disbursed_usd",
        "committed_plan",
        "disbursed_plan",
        "rate_year",
    },
    "gaps-by-region": GAP_NUMBERS,
    "gaps-by-member-state": GAP_NUMBERS,
}
# Exports where the negative gap appears.
NEGATIVE = {"plans", "gaps-by-region", "gaps-by-member-state", "report"}


@pytest.fixture
def exports(kenya, secretariat, client_for):
    """The body of every CSV export (as the secretariat), over data holding every payload."""
    organization = factories.OrganizationFactory(name=PAYLOADS[0])
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, title=PAYLOADS[1], currency="USD", status="approved"
    )
    priority = factories.PriorityFactory(plan=plan, rank=1, title=PAYLOADS[5])
    factories.PriorityCostFactory(priority=priority, year=2024, amount="10")
    factories.CommitmentFactory(
        plan=plan,
        priority=priority,
        organization=organization,
        description=PAYLOADS[2],
        in_kind_type="",
        status="committed",
        pledged_amount="9239052.87",
        committed_amount="9239052.87",
        committed_on="2024-03-01",
        verified_at="2024-03-02T00:00Z",
        verified_by=secretariat,
    )
    for number, payload in enumerate(PAYLOADS):
        factories.ResourceFactory(
            slug=f"payload-{number}", title=payload, summary=payload, publisher=organization
        )
    run = ReportRun.objects.create(period=str(PERIOD), publish=True, trigger="command")
    report_services.generate_period(run=run)
    client = client_for(secretariat)
    bodies = {}
    for name, url in CSV_EXPORTS.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[name] = content.decode()
    return bodies


WRITERS = ("stream_csv(", "stream_csv_of(", '"text/csv; charset')


def test_every_csv_export_is_listed_here():
    """A new CSV export (a new stream_csv, stream_csv_of or text/csv writer) must be added to
    CSV_EXPORTS."""
    sources = [
        path
        for app in ("members", "resources", "investments", "gidh_portal")
        for path in (PROJECT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]
    writers = sum(sum(path.read_text().count(writer) for writer in WRITERS) for path in sources)
    # gidh_portal/csv_export.py: the definition and its response; gidh_portal/listing.py: the
    # declared lists' definition and its call; the six exports (resources, plans, commitments,
    # funding gaps, the report, and the plan list page's, byte for byte the plans' export:
    # tests/investments/test_plan_list.py).
    assert writers == 2 + 2 + 6, writers


def _starts_a_formula(text):
    """Whether a spreadsheet could read `text` as a formula: a trigger first, after any spaces
    or double quotes (a tab or carriage return first is a trigger itself)."""
    firsts = {text[:1], text.lstrip(' "\u00a0\u3000')[:1]} - {""}
    return any(first in FORMULA_TRIGGERS for first in firsts)


def _unsafe(cell):
    """The cell itself, or a cell or row a spreadsheet splitting on ; | tab or line breaks
    makes of its text, that would start a formula."""
    pieces = re.split(r"[;|\t\r\n]", cell)[1:]
    return [piece for piece in [cell, *pieces] if _starts_a_formula(piece)]


def _typed_rows(body):
    return list(csv.reader(io.StringIO(body, newline=""), quoting=csv.QUOTE_NONNUMERIC))


def _number_columns(name, row):
    if name == "report":
        return {"value"} if row[2] in DECIMAL_MEASURES else set()
    return NUMBER_COLUMNS[name]


@pytest.mark.django_db
def test_csv_exports_write_numbers_bare_and_neutralise_every_text_cell(exports):
    for name, body in exports.items():
        header, *rows = _typed_rows(body)
        assert rows, name
        numbers = []
        for row in rows:
            assert len(row) == len(header), (name, row)
            declared = _number_columns(name, row)
            for column, cell in zip(header, row, strict=True):
                if isinstance(cell, float):
                    numbers.append(cell)
                else:
                    assert column not in declared or cell == "", (name, column, cell)
                    assert not _unsafe(cell), (name, column, cell)
        assert numbers, name
        assert (NEGATIVE_GAP in numbers) == (name in NEGATIVE), name
    # Every payload comes out neutralised, and reads as it was written after the quotes.
    resources = {row[1] for row in _typed_rows(exports["resources"])}
    assert {neutralize(payload) for payload in PAYLOADS} <= resources
    assert {"';'=1+1", "'|'=1+1", "'＝1+1", "'-5", "Budget;' =1+1", "Line one\n'=1+1"} <= resources
    unquoted = {neutralize(payload).replace("'", "") for payload in PAYLOADS}
    assert unquoted == {payload.replace("'", "") for payload in PAYLOADS}
    # The report's numbers are typed by measure: none is left as text (its version is a label).
    number_like = re.compile(r"-?\d+(\.\d+)?")
    report = _typed_rows(exports["report"])[1:]
    left_as_text = [
        row for row in report if isinstance(row[3], str) and number_like.fullmatch(row[3])
    ]
    assert [row[2] for row in left_as_text] == ["generator_version"]


# --- LibreOffice Calc ----------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")
SEPARATORS = {",": 44, ";": 59, "|": 124, "\t": 9}
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _calc_import(files, separator, folder, profile):
    """Each CSV file as LibreOffice Calc imports it (UTF-8, `separator`, formulas evaluated,
    special numbers detected), saved as flat OpenDocument: {file name: rows of cells}."""
    # CSV filter options: separator, text delimiter ("), UTF-8 (76), first line, column
    # formats, language (en-US), quoted field as text, detect special numbers, [export-only
    # tokens], evaluate formulas.
    options = f"CSV:{SEPARATORS[separator]},34,76,1,,1033,false,true,false,false,false,-1,true"
    result = subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--infilter={options}",
            "--convert-to",
            "fods",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {path.stem: _sheet(folder / f"{path.stem}.fods") for path in files}


def _sheet(path):
    """Rows of cells, each {"type", "value", "formula", "text"}."""
    rows = []
    for row in ET.parse(path).iter(f"{{{TABLE}}}table-row"):
        cells = []
        for cell in row.findall(f"{{{TABLE}}}table-cell"):
            item = {
                "type": cell.get(f"{{{OFFICE}}}value-type"),
                "value": cell.get(f"{{{OFFICE}}}value"),
                "formula": cell.get(f"{{{TABLE}}}formula"),
                "text": "\n".join("".join(p.itertext()) for p in cell.findall(f"{{{TEXT}}}p")),
            }
            repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            cells.extend([item] * min(repeat, 64))  # the sheet's trailing empty columns
        rows.append(cells)
    return rows


@pytest.fixture
def spreadsheet():
    if SOFFICE is None:
        message = "LibreOffice Calc (apt-get install libreoffice-calc-nogui; make test does)"
        if os.environ.get("REQUIRE_SPREADSHEET") == "1":
            pytest.fail(f"REQUIRE_SPREADSHEET=1 but this test needs {message}", pytrace=False)
        pytest.skip(f"needs {message}")
    return _calc_import


@pytest.mark.django_db
def test_libreoffice_finds_no_formula_and_numeric_negative_amounts(exports, spreadsheet, tmp_path):
    files = []
    for name, body in exports.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(body, encoding="utf-8", newline="")
        files.append(path)
    sheets = {
        separator: spreadsheet(files, separator, tmp_path / f"sheets-{code}", tmp_path / "profile")
        for separator, code in SEPARATORS.items()
    }

    formulas = [
        (repr(separator), name, cell["formula"])
        for separator, sheet in sheets.items()
        for name, rows in sheet.items()
        for row in rows
        for cell in row
        if cell["formula"]
    ]
    assert formulas == []
    for name, rows in sheets[","].items():
        header = [cell["text"] for cell in rows[0]]
        negatives = []
        for row in rows[1:]:
            texts = [cell["text"] for cell in row]
            if not any(texts):
                continue
            declared = _number_columns(name, texts)
            for column, cell in zip(header, row, strict=False):
                if column in declared and cell["text"]:
                    assert cell["type"] == "float", (name, column, cell)
                    if float(cell["value"]) < 0:
                        negatives.append(float(cell["value"]))
        assert (NEGATIVE_GAP in negatives) == (name in NEGATIVE), name
    titles = {row[1]["text"] for row in sheets[","]["resources"][1:]}
    assert {"';'=1+1", "'-5", "'＝1+1", "Budget;' =1+1"} <= titles
