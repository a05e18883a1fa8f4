"""CSV downloads shared by every app: streamed, never built in memory, safe in a spreadsheet.

A cell is written by the type of its value, which is the type of its column (a model field, an
annotation, a report measure), never guessed from its text:
- numbers (int, Decimal, float; not bool) are written bare, so a spreadsheet reads them as
  numbers, negative ones included (`-9239042.87`);
- everything else is text, written between double quotes, and neutralised where a spreadsheet
  could run it as a formula (docs/exports.md): a `'` goes before the text when it starts with a
  trigger character (after any spaces or quotes), and after each `;`, `|`, tab or line break
  inside it that a trigger follows, because a spreadsheet set to split on `;`, `|` or tab (the
  default in many locales) starts a new cell there, and one that misreads the quoting a new row.
"""

import csv
import math
import re
from decimal import Decimal

from django.http import StreamingHttpResponse

# Characters that make a spreadsheet read a cell as a formula (Excel, LibreOffice, Google
# Sheets), their full-width and small-form variants (which some convert on import) and the
# minus sign; `;` and `|` because they separate cells in many locales (and `|` starts DDE).
FORMULA_TRIGGERS = "=+-@\t\r;|" + "＝＋－＠；｜" + "﹦﹢﹣﹫﹔" + "−"
FORMULA_PREFIXES = tuple(FORMULA_TRIGGERS)
_SPACES = r"[^\S\t\r\n]*"  # spaces, but not the tabs and line breaks that start cells and rows
# The start of the text, and of each cell or row a spreadsheet may split it into, where a
# trigger comes first (after spaces or quotes).
_CELL_STARTS = re.compile(
    rf"""
    (?: ^ | (?<=[;|\t\n]) | (?<=\r)(?!\n) )
    (?= {_SPACES} "* {_SPACES} [{re.escape(FORMULA_TRIGGERS)}] )
    """,
    re.VERBOSE,
)


def neutralize(value):
    """A cell value safe to open in a spreadsheet: a number as it is, anything else as text
    with a `'` before each place a spreadsheet could start a formula."""
    if value is None:
        return ""
    if is_number(value):
        return value
    return _CELL_STARTS.sub("'", str(value))


def is_number(value):
    """Whether `value` is written as a number: ints, Decimals and floats, finite, not bools."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return False
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


class _Echo:
    def write(self, value):
        return value


def csv_lines(header, rows):
    """The lines of a CSV file: `rows` is an iterable of sequences matching `header`."""
    line = csv_line_writer()
    yield line(header)
    for row in rows:
        yield line(row)


def csv_line_writer():
    """A function giving the CSV line of one sequence of cells: text quoted and neutralised,
    numbers bare (QUOTE_NONNUMERIC writes Decimals bare too: they are numbers)."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_NONNUMERIC)

    def line(cells):
        return writer.writerow([neutralize(cell) for cell in cells])

    return line


def stream_csv(header, rows, *, filename):
    """A streamed CSV response: `rows` is an iterator of sequences matching `header`."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
