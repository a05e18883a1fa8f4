"""Writing one table as a CSV and an XLSX file into the media storage (`default_storage`).

The table's rows are read once and each row is written to both files. A file is built in a
spooled buffer (memory, then the worker's temporary folder past `SPOOL_BYTES`) and saved under
a name no other generation uses, so two workers writing at the same time never write into the
same file, and a reader never sees a half-written one. The CSV goes through
`gidh_portal/csv_export.py` (formula cells neutralised, numbers bare); the XLSX (openpyxl's
write-only mode) types its cells by the declaration: numbers are numbers, dates are dates,
booleans booleans, and text is always a text cell (never a formula).
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
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

from gidh_portal import listing
from gidh_portal.csv_export import csv_line_writer, is_number

from .declarations import SHEETS, columns, dictionary_rows

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


def write_table(dataset, rows, *, names, on_progress=None):
    """Write `rows` of `dataset`'s table, read once, as CSV and XLSX to the storage under
    `names` ({"csv": name, "xlsx": name}); returns the written files by format."""
    progress = _progress(list(names.values()), on_progress)
    with (
        tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as csv_buffer,
        tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as xlsx_buffer,
    ):
        count = _write(dataset, rows, csv_buffer, xlsx_buffer, progress)
        return {
            "csv": _save(csv_buffer, names["csv"], count),
            "xlsx": _save(xlsx_buffer, names["xlsx"], count),
        }


def _save(buffer, name, count):
    size = buffer.tell()
    buffer.seek(0)
    digest = hashlib.file_digest(buffer, "sha256").hexdigest()
    buffer.seek(0)
    saved = default_storage.save(name, File(buffer, name=name))
    logger.info("Dataset file %s: %d rows written (%d bytes)", saved, count, size)
    return WrittenFile(name=saved, size=size, rows=count, sha256=digest)


def _progress(names, on_progress):
    def report(count):
        for name in names:
            logger.info("Dataset file %s: %d rows written", name, count)
            if on_progress is not None:
                on_progress(name, count)

    return report


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


def _write(dataset, rows, csv_buffer, xlsx_buffer, progress):
    fields = columns(dataset)
    csv_line = csv_line_writer()
    csv_buffer.write(csv_line([field.field_name for field in fields]).encode())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEETS[dataset])
    sheet.append([_header(sheet, field.field_name) for field in fields])
    counted = _counting(rows, progress)
    for row in counted:
        csv_values, xlsx_values = _values(sheet, fields, row)
        csv_buffer.write(csv_line(csv_values).encode())
        sheet.append(xlsx_values)
    if dataset != "dictionary":
        # The table's own columns, so a spreadsheet opened alone still says what they mean.
        dictionary = workbook.create_sheet(SHEETS["dictionary"])
        names = [field.field_name for field in columns("dictionary")]
        dictionary.append([_header(dictionary, name) for name in names])
        for entry in dictionary_rows():
            if entry["dataset"] == dataset:
                dictionary.append([_text(dictionary, entry[name]) for name in names])
    workbook.save(xlsx_buffer)
    return counted.count


def _values(sheet, fields, row):
    """The row's CSV and XLSX values, each field read once."""
    csv_values, xlsx_values = [], []
    for field in fields:
        value = field.get_attribute(row)
        csv_value = listing.csv_value(field, value)
        csv_values.append(csv_value)
        xlsx_values.append(_cell(sheet, value, csv_value))
    return csv_values, xlsx_values


def _cell(sheet, value, representation):
    """The XLSX value of a field's `value`, typed by the declaration; `representation` is its
    text, as in the CSV."""
    if value is None or isinstance(value, bool) or is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_naive_utc(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return _text(sheet, representation)


def _header(sheet, name):
    cell = WriteOnlyCell(sheet, value=str(name))
    cell.data_type = "s"
    cell.font = Font(bold=True)
    return cell


def _text(sheet, value):
    text = str(value)
    if text.startswith("=") or text in ERROR_CODES:
        # openpyxl reads these as a formula or an error: a stored text stays text.
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    # Any other text is typed as text by openpyxl itself: no cell to build.
    return text


def _naive_utc(moment):
    # Spreadsheets have no time zones: every date-time of the dataset is in UTC.
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)
