"""Filtering a queryset by a list of primary keys read beforehand."""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.sql.where import AND


class _WithIds(RawSQL):
    """The condition `with_ids` adds: the table's primary key is one of `ids`."""

    def __init__(self, meta, ids):
        self.db_table, self.ids = meta.db_table, ids
        condition = f'"{meta.db_table}"."{meta.pk.column}" = ANY(%s)'
        super().__init__(condition, [ids], output_field=BooleanField())


def with_ids(queryset, ids):
    """`queryset.filter(pk__in=ids)` as `= ANY(array)`: one parameter instead of one resolved
    and bound per id (a thousand ids compile in microseconds), and an empty list is no error.

    A queryset already narrowed by `with_ids` (a search's window, then the page's rows) is
    narrowed to the ids in both lists, written as one array: PostgreSQL estimates that two
    arrays on one column leave about one row, and planned a search page's 50 rows as a nested
    loop over every publisher (12 ms instead of 5)."""
    ids = list(ids)
    meta = queryset.model._meta
    narrowed = queryset.all()
    where = narrowed.query.where
    if where.connector == AND and not where.negated:
        for index, condition in enumerate(where.children):
            earlier = getattr(condition, "lhs", None)
            if isinstance(earlier, _WithIds) and earlier.db_table == meta.db_table:
                del where.children[index]  # the clone's own list: `queryset` keeps its ids
                allowed = set(earlier.ids)
                ids = [pk for pk in ids if pk in allowed]
                break
    return narrowed.filter(_WithIds(meta, ids))
