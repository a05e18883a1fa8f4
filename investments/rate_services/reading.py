"""Reading a CSV file of exchange rates: its header, its size, its rows by line number."""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COLUMNS = ("currency", "year", "units_per_usd", "source")
REQUIRED_COLUMNS = ("currency", "year", "units_per_usd")
# Rows at most (the shipped file has about 1,500: 140 currencies × 11 years).
MAX_ROWS = 50_000


class RatesFileError(ValidationError):
    """The file cannot be loaded: `messages` lists what is wrong, line by line."""


def read_rates(file):
    """The CSV's rows as [(line number, {column: text})]; RatesFileError if it is no such CSV."""
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise RatesFileError(
            _(
                "The file is not UTF-8 text (byte %(position)s): save it as “CSV UTF-8” and "
                "load it again."
            )
            % {"position": error.start + 1}
        ) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
        if not header:
            raise RatesFileError(
                _("The file is empty: its first line must be the header %(header)s.")
                % {"header": ",".join(COLUMNS)}
            )
        names = [name.strip() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        unknown = [name for name in names if name not in COLUMNS]
        if missing or unknown or len(set(names)) != len(names):
            raise RatesFileError(
                _(
                    "Line 1: the header is “%(found)s”; it must name the columns %(header)s "
                    "(source may be left empty), once each."
                )
                % {"found": ",".join(header), "header": ",".join(COLUMNS)}
            )
        reader.fieldnames = names
        rows = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise RatesFileError(
                    _("The file has more than %(count)s rates: split it into several files.")
                    % {"count": MAX_ROWS}
                )
            if None in row:  # more cells than columns
                raise RatesFileError(
                    _(
                        "Line %(line)s has more cells than the header's %(count)s columns: "
                        "quote a value that contains a comma."
                    )
                    % {"line": reader.line_num, "count": len(names)}
                )
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise RatesFileError(
            _("Line %(line)s is not valid CSV (%(error)s): save the file as plain CSV.")
            % {"line": reader.line_num, "error": error}
        ) from error
    if not rows:
        raise RatesFileError(_("The file has a header but no rates."))
    return rows
