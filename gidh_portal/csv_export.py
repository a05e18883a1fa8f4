"""CSV downloads shared by every app: streamed, never built in memory, safe in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse

# A cell starting with one of these runs as a formula in spreadsheet software (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """A cell value safe to open in a spreadsheet: formulas are quoted as text."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def stream_csv(header, rows, *, filename):
    """A streamed CSV response: `rows` is an iterator of sequences matching `header`."""
    writer = csv.writer(_Echo())

    def generate():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralize(cell) for cell in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
