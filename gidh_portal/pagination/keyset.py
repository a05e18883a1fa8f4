"""Keyset (seek) pages of `.values()` row lists: a cursor holds the last row's values of the
list's ordering columns, and the next page is the rows after them (`WHERE (a, b, id) < (…)`),
found by an index in the list's order whatever the depth, where OFFSET reads and drops every
row before the page."""

import base64
import binascii
import datetime
import decimal
import functools
import json
import operator

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import OrderBy, Value
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

INVALID_CURSOR = _("Invalid cursor: follow the `next` link of a previous page.")

# A cursor holds a few short values: anything longer was not made here.
MAX_CURSOR_LENGTH = 1000

KEY = "keyset_{}"


def encode_cursor(values):
    """The opaque cursor of a position in a list: `values` are the ordering columns of the last
    row shown (dates and times as ISO text, decimals as text)."""
    data = json.dumps([_jsonable(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # to the microsecond, which DjangoJSONEncoder drops
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _decode_cursor(cursor):
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise _invalid()
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as error:
        raise _invalid() from error
    if not isinstance(values, list):
        raise _invalid()
    return values


def _invalid():
    return exceptions.ValidationError({"cursor": [INVALID_CURSOR]})


def keyset_columns(ordering, keys=None):
    """The keyset of a list sorted by `ordering` (names as in `order_by`, ending with the
    primary key): `(expression, descending)` pairs. `keys` maps a name to the expressions that
    stand for it: one (e.g. a COALESCE, so that the column has no NULL), or several, the last
    unique, which then end the keyset (a column of a joined table with that table's key, so
    that one index of that table holds both)."""
    keys = keys or {}
    columns = []
    for name in ordering:
        descending = name.startswith("-")
        name = name.lstrip("-")
        if name in ("pk", "id"):
            return [*columns, (F("pk"), descending)]
        expressions = keys.get(name, (F(name),))
        columns.extend((expression, descending) for expression in expressions)
        if len(expressions) > 1:
            return columns
    raise ImproperlyConfigured(f"A keyset ordering ends with a unique column: {ordering}")


def keyset_ordered(queryset, columns):
    """`queryset` (`.values()` rows) sorted by the keyset `columns`, each row carrying their
    values (`keyset_0`, `keyset_1`…) for the cursor of the next page."""
    queryset = queryset.annotate(
        **{KEY.format(n): expression for n, (expression, _descending) in enumerate(columns)}
    )
    return queryset.order_by(
        *(
            OrderBy(F(KEY.format(n)), descending=desc)
            for n, (_expression, desc) in enumerate(columns)
        )
    )


def cursor_of(row, columns):
    """The cursor pointing after `row`, a row of `keyset_ordered()`."""
    return encode_cursor([row[KEY.format(n)] for n in range(len(columns))])


def rows_after(queryset, columns, cursor, size):
    """Up to `size` rows of `keyset_ordered(queryset, columns)` after the position `cursor`
    (from the first row if empty), and whether more follow. One query: `size + 1` rows."""
    queryset = keyset_ordered(queryset, columns)
    if cursor:
        values = _parsed(_decode_cursor(cursor), queryset, len(columns))
        queryset = queryset.filter(_after(columns, values))
    rows = list(queryset[: size + 1])
    return rows[:size], len(rows) > size


def _parsed(values, queryset, count):
    """The cursor's values as the columns' types: a wrong number of values, a type, a value
    the column cannot hold (out of range, a NUL…) is an invalid cursor, never a database error."""
    if len(values) != count:
        raise _invalid()
    parsed = []
    for n, value in enumerate(values):
        field = queryset.query.annotations[KEY.format(n)].output_field
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _invalid()
        if isinstance(value, str) and "\x00" in value:
            raise _invalid()
        try:
            value = field.to_python(value)
            field.run_validators(value)
        except (ValidationError, TypeError, ValueError, OverflowError) as error:
            raise _invalid() from error
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            raise _invalid()
        parsed.append(Value(value, output_field=field))
    return parsed


def _after(columns, values):
    """The rows after `values` in the keyset's order. When every column is sorted the same way,
    one row comparison `(a, b, id) < (x, y, z)`: an index in the keyset's order starts its scan
    at the cursor itself. Otherwise column by column (`a < x OR (a = x AND b < y) …`) with the
    first column's bound (`a <= x`), where the index starts at the first column's value and
    reads past every row that shares it (6,000 resources of one publication year: 10 ms).

    The row comparison's estimate follows the first column's statistics; the demo data once
    pledged 50,000 commitments on one day, and PostgreSQL, estimating a few rows after a cursor
    on that day, joined and sorted every one of them (54 ms)."""
    directions = {descending for _expression, descending in columns}
    if len(directions) == 1:
        lookup = LessThan if directions.pop() else GreaterThan
        keys = [F(KEY.format(n)) for n in range(len(columns))]
        return Q(lookup(_row(keys), _row(values)))
    after = []
    equal = Q()
    for n, ((_expression, descending), value) in enumerate(zip(columns, values, strict=True)):
        key = F(KEY.format(n))
        after.append(equal & Q((LessThan if descending else GreaterThan)(key, value)))
        equal &= Q(Exact(key, value))
    first_descending = columns[0][1]
    bound = (LessThanOrEqual if first_descending else GreaterThanOrEqual)(
        F(KEY.format(0)), values[0]
    )
    return Q(bound) & functools.reduce(operator.or_, after)


def _row(expressions):
    # The row's output field is only there for the comparison's SQL: PostgreSQL compares the
    # members pairwise, each with its own type.
    return Func(*expressions, function="ROW", output_field=BooleanField())
