"""The paginator of searches: the page's ranked ids and the total in one query, then the page's
rows by id."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import F

from ..ids import with_ids
from .bounds import MAX_ROWS, page_number


class CountedWithPagePaginator(Paginator):
    """A paginator for searches: the page's ids and the total come from one query, then the
    page's rows by id (two queries, as with counting).

    Ranking visits every match to sort them, so a separate `COUNT(*)` ran the whole search a
    second time; and sorting whole rows (body, search vector) cost more than sorting ids and
    sort keys (measured on "health", 30,000 matches of 100,000: 25 + 82 ms before, 65-73 ms).
    Not for lists an index delivers in order: there the count would be the extra work.
    `rows(queryset)`, when given, turns the page's queryset into the rows to show (say
    `.values()` joined to other tables), so the ids and the count read the bare matches.
    """

    def __init__(self, *args, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def get_page(self, number):
        """As Django's, without counting first (its `validate_number` does): the count comes
        with the page, and is read apart only past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(max(self.num_pages, 1))

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
        page = with_ids(self.object_list, position).order_by()  # sorted below
        rows = list(self.rows(page) if self.rows else page)
        rows.sort(key=lambda row: position[row["id"] if isinstance(row, dict) else row.pk])
        return self._get_page(rows, number, self)

    def _ids_and_total(self, offset, limit):
        statement, params = self._ranked_ids_sql()
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(statement, [*params, limit, offset])
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
