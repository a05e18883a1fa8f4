"""The paginator of searches: the page's ranked ids and the total in one query, then the page's
rows by id; the ranked ids optionally kept in the shared cache."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL

from ..response_cache import cached_under_versions
from .bounds import MAX_ROWS, page_number

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
        number = page_number(self, number)
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
