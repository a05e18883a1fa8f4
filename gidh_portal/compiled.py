"""SQL compiled once per process for the public API lists and the pages' fixed queries
(README "Performance").

Building the commitments list's queryset (nine currency conversions as sub-queries) and compiling
it to SQL took longer than PostgreSQL takes to run it: several milliseconds of every request, for
the same SQL each time. Every anonymous request without filters gets the same queryset for a
given ordering, so its SQL depends only on the code and on that ordering: `CompiledValues`
compiles it on the first such request and then executes it as is, adding the page's
`LIMIT`/`OFFSET` as Django writes them. The rows are those of the `.values()` queryset (column
names and Django's converters alike: `tests/investments/test_api.py` compares them), and the count
runs the SQL Django ran for `count()`.

The pages' queries differ only by a value (the country page's member state): `compiled_rows`
with `arguments` compiles them once for every value, which stays a parameter.

Only SQL is kept, never data: nothing to invalidate. The keys are bounded (a view's valid
orderings); past `MAX_ENTRIES` nothing more is kept.

On PostgreSQL, with persistent connections (`CONN_MAX_AGE` not 0), the SQL is also prepared once
per database session (`PREPARE`, then `EXECUTE`): planning the commitments list (conversions,
each a sub-query) took longer than running it (1.3-1.8 ms against ~1.2 ms). The statements take
no parameters (their values are written into them), so PostgreSQL plans each once, as it would
plan the same text; it plans again when a table it reads is altered or analysed. SQL compiled
with `arguments` is prepared once for every value: each argument is a parameter (`$n`), the
other values are written in. A session keeps
at most `MAX_PREPARED` of them; past that the SQL runs as is. Query logs show
`EXECUTE gidh_compiled_<n>`. `DATABASE_PREPARED_STATEMENTS=0` turns this off (behind a pooler
that shares server sessions between clients, such as PgBouncer in transaction mode).
"""

import copy

from django.conf import settings
from django.core.exceptions import EmptyResultSet, MultipleObjectsReturned
from django.db import connections
from django.db.models.query import ModelIterable
from django.http import Http404
from rest_framework.filters import OrderingFilter

MAX_ENTRIES = 256
MAX_PREPARED = 64
_compiled = {}


class CompiledValues:
    """The rows of the `.values()` queryset `build()` returns, for a paginator: slicing runs
    the SQL compiled for `key` (compiled on first use), `count()` the count's.

    `key` must name everything the queryset's SQL depends on besides the code.
    """

    ordered = True  # the queryset is; Paginator checks it

    def __init__(self, key, build, using="default"):
        self.using = using
        self.key = (connections[using].vendor, *key)
        self.build = build

    def count(self):
        return compiled_value(("count", *self.key), lambda: self.build().count(), self.using)

    def annotate(self, **annotations):
        """The rows with `annotations` added, compiled under this key and their names (the
        expressions are the caller's code)."""
        key = (*self.key[1:], "annotate", *sorted(annotations))
        return CompiledValues(key, lambda: self.build().annotate(**annotations), self.using)

    def __getitem__(self, bounds):
        if not isinstance(bounds, slice) or bounds.step is not None or bounds.stop is None:
            return self.build()[bounds]
        low, high = bounds.start or 0, bounds.stop
        connection = connections[self.using]
        key = ("page", *self.key)
        entry = _compiled.get(key) or self._compile(key, low, high)
        if entry is None:
            return list(self.build()[low:high])
        return _fetch(connection, entry, connection.ops.limit_offset_sql(low, high))

    def _compile(self, key, low, high):
        entry = _compiled_values(self.build()[low:high], self.using)
        if entry is None:
            return None
        sql, params, names, converters = entry
        suffix = connections[self.using].ops.limit_offset_sql(low, high)
        if not sql.endswith(f" {suffix}"):
            return None  # not the plain `… LIMIT n OFFSET m` form: no reuse
        entry = (sql.removesuffix(f" {suffix}"), params, names, converters)
        _keep(key, entry)
        return entry


PUBLIC_LIST_PARAMETERS = {"page", "page_size", "ordering", "format"}


def public_list_rows(name, view, request, build):
    """An API list's rows: for an anonymous request without filters, through SQL compiled once
    per ordering (`CompiledValues`), else the queryset `build()` returns."""
    if request.user.is_authenticated or not set(request.query_params) <= PUBLIC_LIST_PARAMETERS:
        return build()
    ordering = tuple(OrderingFilter().get_ordering(request, None, view))
    terms = [term.removeprefix("-") for term in ordering]
    if len(set(terms)) != len(terms):  # repeated terms: keep the keys few
        return build()
    return CompiledValues((name, ordering), build)


def compiled_rows(key, build, using="default", arguments=None):
    """The rows of the `.values()` queryset `build()` returns (all of them), through SQL
    compiled once for `key` (which must name everything the SQL depends on besides the code).

    With `arguments` ({name: a string or an integer}), `build(**arguments)` builds the queryset
    and the SQL is compiled once for every value of them: each must reach the SQL only as a
    parameter of its own (an equality lookup, e.g. `filter(member_state=iso3)`). Whether it
    does is checked when compiling; when it does not, every call builds its queryset."""
    connection = connections[using]
    if not arguments:
        key = ("rows", connection.vendor, *key)
        entry = _compiled.get(key)
        if entry is None:
            entry = _compiled_values(build(), using)
            if entry is None:
                return list(build())
            _keep(key, entry)
        return _fetch(connection, entry)
    key = ("arguments", connection.vendor, _types(arguments), *key)
    entry = _compiled.get(key)
    if entry is None:
        entry = _with_arguments(build, arguments, lambda queryset: _values_sql(queryset, using))
        _keep(key, entry)
    if entry is _NOT_REUSABLE:
        return list(build(**arguments))
    sql, params, (names, converters), positions = entry
    with connection.cursor() as cursor:
        sql, params = _with_arguments_statement(
            connection, cursor, sql, params, positions, arguments
        )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = [_converted(row, converters, connection) for row in rows]
    return [dict(zip(names, row, strict=True)) for row in rows]


def _values_sql(queryset, using):
    entry = _compiled_values(queryset, using)
    return None if entry is None else (entry[0], entry[1], entry[2:])


def compiled_instances(key, build, using="default", arguments=None):
    """The model instances of the queryset `build(**arguments)` as iterating it gives them
    (`select_related` relations and annotations included), through SQL compiled once for every
    value of the arguments (as `compiled_rows`). A queryset with `prefetch_related` or that
    does not give model instances is built at every call."""
    connection = connections[using]
    key = ("instances", connection.vendor, _types(arguments or {}), *key)
    entry = _compiled.get(key)
    if entry is None:
        entry = _with_arguments(build, arguments or {}, lambda queryset: _compiler(queryset, using))
        _keep(key, entry)
    if entry is _NOT_REUSABLE:
        return list(build(**(arguments or {})))
    sql, params, (queryset, compiler), positions = entry
    with connection.cursor() as cursor:
        sql, params = _with_arguments_statement(
            connection, cursor, sql, params, positions, arguments or {}
        )
    # Django's own iterable builds the instances from the rows of the SQL compiled before:
    # the compiler's state (selected columns, related models, annotations) is that SQL's.
    compiler = copy.copy(compiler)
    compiler.connection = connection  # this thread's: the SQL may have been compiled in another
    compiler.as_sql = lambda *args, **kwargs: (sql, params)
    queryset = queryset._chain()
    queryset.query.get_compiler = lambda *args, **kwargs: compiler
    return list(queryset._iterable_class(queryset))


def compiled_instance_or_404(key, build, arguments):
    """`get_object_or_404(build(**arguments))` through `compiled_instances`."""
    instances = compiled_instances(key, build, arguments=arguments)
    if not instances:
        raise Http404("No match for the given query.")
    if len(instances) > 1:
        raise MultipleObjectsReturned(f"{len(instances)} objects match the given query.")
    return instances[0]


def _compiler(queryset, using):
    """(SQL, parameters, (queryset, its compiler)) of a queryset of model instances; None
    when its iterable would not build them from that SQL alone."""
    if queryset._prefetch_related_lookups or not issubclass(
        queryset._iterable_class, ModelIterable
    ):
        return None
    compiler = queryset.query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    return sql, tuple(params), (queryset, compiler)


_NOT_REUSABLE = "not reusable"


def _types(arguments):
    return tuple((name, type(value).__name__) for name, value in sorted(arguments.items()))


def _replaced(params, positions, arguments):
    params = list(params)
    for position, name in positions:
        params[position] = arguments[name]
    return params


def _with_arguments(build, arguments, compile):
    """(SQL, parameters, what else `compile` gives, the position of each argument among the
    parameters): compiled once for stand-in values, the SQL then serves every value.
    `_NOT_REUSABLE` unless the arguments are strings or integers that the SQL holds only as
    parameters of their own (checked against the SQL compiled for the actual values)."""
    stand_ins = {}
    for number, (name, value) in enumerate(sorted(arguments.items())):
        if isinstance(value, bool) or not isinstance(value, int | str):
            return _NOT_REUSABLE
        stand_ins[name] = (
            f"\x1fgidh-argument-{number}\x1f" if isinstance(value, str) else -(2**31 - 1 - number)
        )
    compiled = compile(build(**stand_ins))
    actual = compile(build(**arguments))
    if compiled is None or actual is None:
        return _NOT_REUSABLE
    sql, params, rest = compiled
    by_stand_in = {stand_in: name for name, stand_in in stand_ins.items()}
    positions = tuple(
        (position, by_stand_in[param])
        for position, param in enumerate(params)
        if type(param) in (int, str) and param in by_stand_in
    )
    same = (sql, tuple(_replaced(params, positions, arguments))) == (actual[0], tuple(actual[1]))
    if not same or {name for _position, name in positions} != set(arguments):
        return _NOT_REUSABLE
    return sql, params, rest, positions


def whole_table(queryset):
    """Whether `queryset` is its model's whole table as the manager gives it (no filter,
    annotation, slice, distinct, extra or combination): what it builds on then has the same
    SQL at every call."""
    query = queryset.query
    return not (
        query.where
        or query.annotations
        or query.extra
        or query.is_sliced
        or query.distinct
        or query.combinator
        or query.values_select
    )


def compiled_value(key, compute, using="default"):
    """The single value `compute()` gets from its one query (an aggregate, a count), through the
    SQL Django ran for it on the first call for `key` (which must name everything that SQL
    depends on besides the code). Only a value Django returns as the driver gives it (an
    integer, a string) may be read so: no converter runs on it."""
    connection = connections[using]
    key = ("value", connection.vendor, *key)
    entry = _compiled.get(key)
    if entry is None:
        captured = []
        with connection.execute_wrapper(_capture(captured)):
            value = compute()
        if len(captured) == 1 and isinstance(value, int | str):
            _keep(key, captured[0])
        return value
    sql, params = entry
    with connection.cursor() as cursor:
        _execute(connection, cursor, sql, params)
        return cursor.fetchone()[0]


def _compiled_values(queryset, using):
    """(sql, params, column names, converters) of a `.values()` queryset, as `ValuesIterable`
    would run it and name its columns; None when it can't be reused so."""
    query = queryset.query
    compiler = query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    if query.selected:  # as `ValuesIterable` names the columns
        names = list(query.selected)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if len(names) != len(compiler.select):
        return None
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    return sql, tuple(params), names, converters


def _fetch(connection, entry, suffix=""):
    """Run compiled `.values()` SQL (with a `LIMIT`/`OFFSET` suffix) and return its rows as
    `ValuesIterable` would: dicts, Django's converters applied."""
    sql, params, names, converters = entry
    with connection.cursor() as cursor:
        _execute(connection, cursor, f"{sql} {suffix}" if suffix else sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = [_converted(row, converters, connection) for row in rows]
    return [dict(zip(names, row, strict=True)) for row in rows]


def _preparing(connection):
    """Whether statements are prepared on `connection`: PostgreSQL, and persistent (a
    connection closed after each request would prepare at each request: no gain)."""
    persistent = connection.settings_dict["CONN_MAX_AGE"] != 0  # None: for ever
    return (
        connection.vendor == "postgresql"
        and persistent
        and getattr(settings, "DATABASE_PREPARED_STATEMENTS", False)
    )


def _session_statements(connection):
    """{key: name} of the statements prepared in the connection's current database session
    (statements live as long as the session: a new connection starts with none)."""
    session, prepared = getattr(connection, "gidh_prepared", (None, None))
    if session is not connection.connection:
        session, prepared = connection.connection, {}
        connection.gidh_prepared = (session, prepared)
    return prepared


def execute_prepared(cursor, key, sql, params, types):
    """Run `sql` (a constant of the code, a `%s` per parameter, of the PostgreSQL `types`,
    e.g. `["bigint[]"]`) as a statement prepared once per database session, so PostgreSQL
    plans it a few times (custom plans) and then keeps its generic plan, instead of planning
    it at every call. Elsewhere, or when statements are not prepared, it simply runs."""
    parts = sql.split("%s")
    if len(parts) != len(types) + 1 or "%" in "".join(parts):
        raise ValueError(f"{key}: one %s per parameter type, and no other % in the SQL")

    def numbered():
        return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]

    connection = cursor.db
    name = _prepared(connection, cursor, ("with-parameters", key, sql), numbered, types)
    if name is None:
        # Typed as the prepared statement would type them: psycopg2 writes a list of ids as an
        # integer[], which no bigint[] operator takes (`facet_topics @> ARRAY[6]`).
        typed = "".join(f"{part}%s::{kind}" for part, kind in zip(parts, types, strict=False))
        cursor.execute(typed + parts[-1], params)
    else:
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(types))})", params)


class _Argument:
    """An argument's place (`$n`) in the text of a statement to prepare: psycopg2 writes it
    as is where it would have written the value."""

    def __init__(self, number):
        self.quoted = f"${number}".encode()

    def __conform__(self, protocol):
        return self

    def getquoted(self):
        return self.quoted


def _with_arguments_statement(connection, cursor, sql, params, positions, arguments):
    """(SQL, parameters) to run compiled SQL for `arguments`: on PostgreSQL, `EXECUTE` of a
    statement prepared once per database session with the other values written in and an
    argument `$n` in each of its places, so PostgreSQL stops planning it at every request
    (the resource page's row took 0.5 ms to plan, 0.2 to run). Without types: each `$n` takes
    its type from its place, as the literal psycopg2 would write there does."""
    names = sorted(arguments)
    if not _hashable(params):
        return sql, _replaced(params, positions, arguments)
    places = _replaced(params, positions, {name: _Argument(n) for n, name in enumerate(names, 1)})
    statement = _prepared(
        connection,
        cursor,
        ("with-arguments", sql, params, positions),
        lambda: connection.ops.compose_sql(sql, places),
    )
    if statement is None:
        return sql, _replaced(params, positions, arguments)
    if not names:
        return f"EXECUTE {statement}", []
    values = [arguments[name] for name in names]
    return f"EXECUTE {statement}({', '.join(['%s'] * len(names))})", values


def _execute(connection, cursor, sql, params):
    """Run compiled SQL: on PostgreSQL, as a statement prepared once per database session (its
    values written in: no parameters)."""
    name = None
    if _hashable(params):
        name = _prepared(
            connection, cursor, (sql, params), lambda: connection.ops.compose_sql(sql, params)
        )
    if name is None:
        cursor.execute(sql, params)
    else:
        cursor.execute(f"EXECUTE {name}")


def _prepared(connection, cursor, key, body, types=()):
    """The name of the statement prepared for `key` in the connection's database session,
    preparing `body()` on first use; None when statements are not prepared, or past
    `MAX_PREPARED` in this session."""
    if not _preparing(connection):
        return None
    prepared = _session_statements(connection)
    name = prepared.get(key)
    if name is None:
        if len(prepared) >= MAX_PREPARED:
            return None
        name = f"gidh_compiled_{len(prepared)}"
        signature = f"({', '.join(types)})" if types else ""
        # Session set-up, not the request's work: like Django's own (time zone, role), it is
        # not logged or counted as a query.
        with connection.wrap_database_errors:
            cursor.cursor.execute(f"PREPARE {name}{signature} AS {body()}")
        prepared[key] = name
    return name


def _hashable(params):
    try:
        hash(params)
    except TypeError:
        return False
    return True


def _converted(row, converters, connection):
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def _keep(key, entry):
    if len(_compiled) < MAX_ENTRIES:
        _compiled[key] = entry


def _capture(captured):
    def wrapper(execute, sql, params, many, context):
        captured.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    return wrapper
