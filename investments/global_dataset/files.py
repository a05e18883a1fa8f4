"""Writing one table as a CSV or an XLSX file into the media storage (`default_storage`).

A file is built in a spooled buffer (memory, then the worker's temporary folder past
`SPOOL_BYTES`) and saved under a name no other generation uses, so two workers writing at the
same time never write into the same file, and a reader never sees a half-written one. The CSV
goes through `gidh_portal/csv_export.py` (formula cells neutralised, numbers bare); the XLSX
(openpyxl's write-only mode) types its cells by the declaration: numbers are numbers, dates are
dates, booleans booleans, and text is always a text cell (never a formula).
"""

import datetime
import hashlib
import logging
import tempfile
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gidh_portal import listing
from gidh_portal.csv_export import csv_lines, is_number

from .declarations import DECLARATIONS, SHEETS, columns, dictionary_rows

logger = logging.getLogger(__name__)

SPOOL_BYTES = 16 * 1024 * 1024
PROGRESS_EVERY = 5000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


@dataclass
class WrittenFile:
    name: str
    size: int
    rows: int
    sha256: str


def write_table(dataset, file_format, rows, *, name, on_progress=None):
    """Write `rows` of `dataset`'s table in `file_format` to the storage under `name`."""
    writer = _write_csv if file_format == "csv" else _write_xlsx
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        count = writer(dataset, rows, buffer, _progress(name, on_progress))
        size = buffer.tell()
        buffer.seek(0)
        digest = hashlib.file_digest(buffer, "sha256").hexdigest()
        buffer.seek(0)
        saved = default_storage.save(name, File(buffer, name=name))
    logger.info("Dataset file %s: %d rows written (%d bytes)", saved, count, size)
    return WrittenFile(name=saved, size=size, rows=count, sha256=digest)


def _progress(name, on_progress):
    def report(count):
        logger.info("Dataset file %s: %d rows written", name, count)
        if on_progress is not None:
            on_progress(name, count)

    return report


def _write_csv(dataset, rows, buffer, progress):
    declaration = DECLARATIONS[dataset]
    counted = _counting(rows, progress)
    lines = csv_lines(listing.csv_header(declaration), listing.csv_rows(declaration, counted))
    for line in lines:
        buffer.write(line.encode())
    return counted.count


class _counting:
    """Iterates over `rows`, counting them and reporting progress every PROGRESS_EVERY rows."""

    def __init__(self, rows, progress):
        self.rows = rows
        self.progress = progress
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            yield row
            self.count += 1
            if self.count % PROGRESS_EVERY == 0:
                self.progress(self.count)


def _write_xlsx(dataset, rows, buffer, progress):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEETS[dataset])
    fields = columns(dataset)
    sheet.append([_header(sheet, field.field_name) for field in fields])
    counted = _counting(rows, progress)
    for row in counted:
        sheet.append([_cell(sheet, field, row) for field in fields])
    if dataset != "dictionary":
        # The table's own columns, so a spreadsheet opened alone still says what they mean.
        dictionary = workbook.create_sheet(SHEETS["dictionary"])
        names = [field.field_name for field in columns("dictionary")]
        dictionary.append([_header(dictionary, name) for name in names])
        for entry in dictionary_rows():
            if entry["dataset"] == dataset:
                dictionary.append([_text(dictionary, entry[name]) for name in names])
    workbook.save(buffer)
    return counted.count


def _header(sheet, name):
    cell = _text(sheet, name)
    cell.font = Font(bold=True)
    return cell


def _text(sheet, value):
    cell = WriteOnlyCell(sheet, value=str(value))
    # openpyxl reads a text starting with "=" as a formula: a stored text stays text.
    cell.data_type = "s"
    return cell


def _cell(sheet, field, row):
    value = field.get_attribute(row)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_naive_utc(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return _text(sheet, field.to_representation(value))


def _naive_utc(moment):
    # Spreadsheets have no time zones: every date-time of the dataset is in UTC.
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)
