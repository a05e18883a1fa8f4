"""API pagination: page numbers with the total `count`, the current `page` and the `page_size`;
on lists that allow it (`cursor_ordering` on the view), `?cursor=` switches to cursor pages for
consumers who read everything: no count, no growing OFFSET, stable under inserts."""

import hashlib
from functools import partial

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import BooleanField, Count, F, Window
from django.db.models.expressions import RawSQL
from django.db.models.query import ValuesIterable
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response

from .response_cache import cached_under_versions


class CountedInPagePaginator(Paginator):
    """For short, sorted lists of `.values()` rows (a view's `count_in_page`): the page's
    query also counts the list (`COUNT(*) OVER ()`), one query instead of a `COUNT(*)` and the
    page.

    The window makes PostgreSQL read every matching row before returning the page: cheap for
    the 194 member states (0.2 ms, against a round trip and Django's count), not for lists an
    index delivers in order (plans by country name: 0.4 ms → 6-10 ms; commitments). A page past
    the end, or an empty list, counts separately as before (and answers 404 the same way).
    """

    total = "counted_in_page"

    def page(self, number):
        query = getattr(self.object_list, "query", None)
        if (
            self.orphans
            or query is None
            or self.object_list._iterable_class is not ValuesIterable
            or query.distinct  # the window would count the rows before DISTINCT
            or query.combinator
        ):
            return super().page(number)
        number = _page_number(self, number)
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page > MAX_ROWS:  # past any list, and past PostgreSQL's OFFSET
            return super().page(number)
        rows = list(
            self.object_list.annotate(**{self.total: Window(Count("*"))})[
                bottom : bottom + self.per_page
            ]
        )
        if not rows:
            return super().page(number)  # past the end (or nothing): count and refuse
        self.__dict__["count"] = rows[0][self.total]  # the cached_property Paginator.count
        for row in rows:
            del row[self.total]
        return self._get_page(rows, number, self)


class PageNumberPagination(pagination.PageNumberPagination):
    """A view may set `count_with_page` to count with the page's ids
    (`CountedWithPagePaginator`, for searches): True, or the function that turns the page's
    queryset into its rows (and `search_cache_under`, the fingerprint under which the ranked
    ids may be cached); or set `count_in_page` to count its `.values()` rows in the page's
    query (`CountedInPagePaginator`, for short sorted lists). Otherwise the page and a
    `COUNT(*)`."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _page_size(self, request)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            # DRF reads an empty page as the first; the schema's page is a number.
            raise exceptions.NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)

    def paginate_queryset(self, queryset, request, view=None):
        if _cursor_requested(request, view):
            self.cursor = CursorPagination(view.cursor_ordering)
            return self.cursor.paginate_queryset(queryset, request, view)
        self.cursor = None
        count_with_page = getattr(view, "count_with_page", None)
        if count_with_page:
            # A search ranks every match anyway: its count comes with the page's ids.
            rows = count_with_page if callable(count_with_page) else None
            self.django_paginator_class = partial(
                CountedWithPagePaginator,
                rows=rows,
                cache_under=getattr(view, "search_cache_under", None),
            )
            return super().paginate_queryset(queryset, request, view)
        if getattr(view, "count_in_page", False):
            self.django_paginator_class = CountedInPagePaginator
        else:
            self.django_paginator_class = Paginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "page_size": self.page.paginator.per_page,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "page", "page_size", "results"]
        response["properties"]["page"] = {"type": "integer", "example": 1}
        response["properties"]["page_size"] = {"type": "integer", "example": 50}
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = PAGE_SIZE_DESCRIPTION
        if getattr(view, "cursor_ordering", None):
            parameters.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": (
                        "Cursor pages instead of page numbers (empty for the first page, then "
                        "the `next` link): no `count`, newest first, for reading the whole list."
                    ),
                    "schema": {"type": "string"},
                }
            )
        return parameters

    cursor_query_param = "cursor"


class CursorPagination(pagination.CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _page_size(self, request)

    def __init__(self, ordering):
        self.ordering = ordering

    def get_ordering(self, request, queryset, view):
        return self.ordering  # the view's `cursor_ordering`, whatever `?ordering=` says


class PageOrCursorPagination(PageNumberPagination):
    """For lists with `cursor_ordering`: the documented answer is a page-number page or, with
    `?cursor=`, a cursor page (`next`, `previous`, `results`; no `count`)."""

    def get_paginated_response_schema(self, schema):
        cursor_page = pagination.CursorPagination().get_paginated_response_schema(schema)
        cursor_page["required"] = ["next", "previous", "results"]
        return {"anyOf": [super().get_paginated_response_schema(schema), cursor_page]}


def _page_number(paginator, number):
    """`number` as a page number of 1 or more, refused as Django's `validate_number` would,
    without the upper bound (which needs the count these paginators get with the page)."""
    try:
        number = int(number)
    except (TypeError, ValueError) as error:
        raise PageNotAnInteger(paginator.error_messages["invalid_page"]) from error
    if number < 1:
        raise EmptyPage(paginator.error_messages["min_page"])
    return number


PAGE_SIZE_DESCRIPTION = (
    "Results per page, 1 or more (a page holds at most 200: a larger size is served as 200). "
    "Anything but a whole number is a 400."
)


def _page_size(paginator, request):
    """The `page_size` asked for, capped at the paginator's maximum; the default when absent.
    Anything else than a positive whole number (even empty) is refused: DRF would silently
    serve the default page size."""
    name = paginator.page_size_query_param
    sizes = request.query_params.getlist(name)
    if not sizes:
        return paginator.page_size
    try:
        numbers = [int(value) for value in sizes if value.isascii()]
    except ValueError:
        numbers = []
    if len(numbers) != len(sizes) or min(numbers) < 1:
        raise exceptions.ValidationError({name: [_("Enter a whole number of 1 or more.")]})
    return min(numbers[-1], paginator.max_page_size)


def _cursor_requested(request, view):
    return "cursor" in request.query_params and bool(getattr(view, "cursor_ordering", None))


MAX_ROWS = 2**63 - 1
# How long a search's ranked page is kept (CountedWithPagePaginator's `cache_under`): the key
# changes with every write, this only bounds the memory of searches nobody repeats.
SEARCH_CACHE_SECONDS = 300


class CountedWithPagePaginator(Paginator):
    """A paginator for searches: the page's ids and the total come from one query, then the
    page's rows by id (two queries, as with counting).

    Ranking visits every match to sort them, so a separate `COUNT(*)` ran the whole search a
    second time; and sorting whole rows (body, search vector) cost more than sorting ids and
    sort keys (measured on "health", 30,000 matches of 100,000: 25 + 82 ms before, 65-73 ms).
    Not for lists an index delivers in order: there the count would be the extra work.
    `rows(queryset)`, when given, turns the page's queryset into the rows to show (say
    `.values()` joined to other tables), so the ids and the count read the bare matches.

    `cache_under`, when given, is a fingerprint of the searched table that changes with every
    write to it: the page's ranked ids and the total are then kept in the shared cache (Redis)
    under the exact SQL of the search and that fingerprint, for `SEARCH_CACHE_SECONDS`, with
    the data version of the searched app (`cached_under_versions`). Ranking
    reads every match (4,941 rows for "immunization" in 100,000: 13-17 ms of PostgreSQL time,
    the larger part of a search request); the rows shown are always read live, by id, through
    the same filters, so a row withdrawn or deleted since is never shown.
    """

    def __init__(self, *args, rows=None, cache_under=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.cache_under = cache_under

    def page(self, number):
        number = _page_number(self, number)
        if number * self.per_page > MAX_ROWS:  # past any list, and past PostgreSQL's OFFSET
            return super().page(number)
        try:
            found = self._ids_and_total((number - 1) * self.per_page, self.per_page)
        except EmptyResultSet:  # a list that can match nothing, e.g. `none()`
            found = []
        if not found:
            return super().page(number)  # past the end (or nothing): count and refuse
        self.__dict__["count"] = found[0][1]  # the cached_property Paginator.count
        position = {pk: index for index, (pk, _total) in enumerate(found)}
        page = _with_ids(self.object_list, list(position)).order_by()  # sorted below
        rows = list(self.rows(page) if self.rows else page)
        rows.sort(key=lambda row: position[row["id"] if isinstance(row, dict) else row.pk])
        return self._get_page(rows, number, self)

    def _ids_and_total(self, offset, limit):
        statement, params = self._ranked_ids_sql()
        params = [*params, limit, offset]
        if self.cache_under is None:
            return self._execute(statement, params)
        key = repr((self.object_list.db, statement, params, self.cache_under))
        key = "search-page:" + hashlib.sha256(key.encode()).hexdigest()
        # Also under the data version of the searched app, read with the entry (one MGET).
        return cached_under_versions(
            key,
            (self.object_list.model._meta.app_label,),
            lambda: self._execute(statement, params),
            SEARCH_CACHE_SECONDS,
        )

    def _execute(self, statement, params):
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def _ranked_ids_sql(self):
        queryset = self.object_list
        ordering = [str(name) for name in queryset.query.order_by]
        keys = {f"key_{n}": F(name.lstrip("-")) for n, name in enumerate(ordering)}
        inner = queryset.order_by().annotate(row_id=F("pk"), **keys)
        sql, params = inner.values_list("row_id", *keys).query.sql_with_params()
        order = [f"{key} {'DESC' if name.startswith('-') else 'ASC'}" for key, name in
                 zip(keys, ordering, strict=True)]  # fmt: skip
        # The inner LIMIT keeps the sub-query apart (PostgreSQL would merge it into the outer
        # query and carry whole rows through the window), so the sort keys are computed once
        # per match and only they are buffered for the count.
        statement = (
            f"SELECT row_id, COUNT(*) OVER () FROM ({sql} LIMIT {MAX_ROWS}) AS matches "
            f"ORDER BY {', '.join([*order, 'row_id'])} LIMIT %s OFFSET %s"
        )
        return statement, list(params)


def _with_ids(queryset, ids):
    """`queryset.filter(pk__in=ids)` as `= ANY(array)`: one parameter instead of one resolved
    and bound per id."""
    meta = queryset.model._meta
    condition = f'"{meta.db_table}"."{meta.pk.column}" = ANY(%s)'
    return queryset.filter(RawSQL(condition, [ids], output_field=BooleanField()))
