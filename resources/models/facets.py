"""Facet counts of the catalogue, and the facet arrays they read.

Each resource row carries its languages, CDHI topic ids and WHO region codes in arrays kept by
the database's triggers (migration 0005), so a facet of a relation unnests a few short arrays of
the matching rows instead of joining the relation tables. The arrays are not model fields (a save
would write back a stale copy): queries read them through `stored_array`.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members import names
from members.models.localized import localized_columns

from .choices import LANGUAGE_NAMES, Kind, Licence

# Facet of a relation: the array column of the resource row holding its values.
ARRAYS = {"language": "facet_languages", "topic": "facet_topics", "region": "facet_regions"}
COLUMNS = ("id", "kind", "publisher_id", "publication_year", "licence", "quality_assured")
# Each facet's values and counts over the matching rows `m`, the value as text.
GROUPED = {
    "kind": "SELECT 'kind', kind, COUNT(*) FROM m GROUP BY kind",
    "publisher": "SELECT 'publisher', CAST(publisher_id AS TEXT), COUNT(*) FROM m "
    "GROUP BY publisher_id",
    "year": "SELECT 'year', CAST(publication_year AS TEXT), COUNT(*) FROM m "
    "WHERE publication_year IS NOT NULL GROUP BY publication_year",
    "licence": "SELECT 'licence', licence, COUNT(*) FROM m GROUP BY licence",
    "quality_assured": "SELECT 'quality_assured', "
    "CASE WHEN quality_assured THEN 'true' ELSE 'false' END, COUNT(*) FROM m "
    "GROUP BY quality_assured",
    **{
        name: f"SELECT '{name}', CAST(v AS TEXT), COUNT(*) "
        f"FROM (SELECT unnest({array}) AS v FROM m) AS u GROUP BY v"
        for name, array in ARRAYS.items()
    },
}


def stored_array(model, column, base_field):
    """The facet array `column` of the row, typed so that ArrayField lookups cast their values
    to its type (`bigint[]`, where psycopg would send an `integer[]`)."""
    return RawSQL(f'"{model._meta.db_table}"."{column}"', [], output_field=ArrayField(base_field))


def shared_count(model, column, values, sql_type):
    """How many of `values` (of PostgreSQL type `sql_type`) the row's facet array holds."""
    return RawSQL(
        f'cardinality(ARRAY(SELECT unnest("{model._meta.db_table}"."{column}") '
        f"INTERSECT SELECT unnest(%s::{sql_type}[])))",
        [values],
        output_field=models.IntegerField(),
    )


def counts(queryset, *, limit):
    """{facet: [(value as text, count)]} of `queryset`, in one SQL statement: the matching rows
    are read once into a common table expression, then grouped per facet."""
    found = {name: [] for name in GROUPED}
    table = queryset.model._meta.db_table
    arrays = {f"_{array}": RawSQL(f'"{table}"."{array}"', []) for array in ARRAYS.values()}
    try:
        sql, params = queryset.order_by().values(*COLUMNS, **arrays).query.sql_with_params()
    except EmptyResultSet:  # invalid filters, no similar title: nothing to count, no SQL to run
        return found
    names = ", ".join([*COLUMNS, *ARRAYS.values()])
    statement = f"WITH m ({names}) AS ({sql}) " + " UNION ALL ".join(GROUPED.values())
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, count in cursor.fetchall():
            found[name].append((value, count))
    return most_frequent(found, limit=limit)


def most_frequent(found, *, limit):
    """`found` with each facet's `limit` most frequent values (years: the latest)."""
    for name, values in found.items():
        if name == "year":
            values.sort(key=lambda item: item[0], reverse=True)
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
        del values[limit:]
    return found


def facet(value, label, count):
    return {"value": value, "label": str(label), "count": count}


# The labels of the facet values that name rows: topics, regions (their English and French
# names) and publishers, each value as text.
LABELS = (
    "SELECT 'topic', CAST(id AS TEXT), code || ' ' || label || ' (' || version || ')', '' "
    "FROM resources_digitalhealthintervention WHERE id = ANY(%s::bigint[]) "
    "UNION ALL SELECT 'region', code, name_en, name_fr FROM members_whoregion "
    "WHERE code = ANY(%s::text[]) "
    "UNION ALL SELECT 'publisher', CAST(id AS TEXT), COALESCE(NULLIF(acronym, ''), name), '' "
    "FROM members_organization WHERE id = ANY(%s::bigint[])"
)


def labelled(found):
    """`counts()` as `{name: [{"value", "label", "count"}]}`: one small query adds the
    topics', regions' and publishers' labels (three ORM queries cost 1.4 ms)."""
    named_values = [
        [int(v) for v, _ in found["topic"]],
        [v for v, _ in found["region"]],
        [int(v) for v, _ in found["publisher"]],
    ]
    rows = []
    if any(named_values):
        with connection.cursor() as cursor:
            cursor.execute(LABELS, named_values)
            rows = cursor.fetchall()
    language = names.language_key(get_language())
    labels = {
        (name, value): (
            localized_columns(language, value, label, name_fr, names.region_name)
            if name == "region"
            else label
        )
        for name, value, label, name_fr in rows
    }
    kinds, licences = dict(Kind.choices), dict(Licence.choices)
    assured = {"true": _("WHO quality-assured"), "false": _("Not assessed")}

    def named(name, value_type):
        return [facet(value_type(v), labels[name, v], n) for v, n in found[name]
                if (name, v) in labels]  # fmt: skip

    return {
        "kind": [facet(v, kinds.get(v, v), n) for v, n in found["kind"]],
        "topic": named("topic", int),
        "language": [facet(v, LANGUAGE_NAMES.get(v, v), n) for v, n in found["language"]],
        "region": named("region", str),
        "publisher": named("publisher", int),
        "year": [facet(int(v), v, n) for v, n in found["year"]],
        "licence": [facet(v, licences.get(v, v), n) for v, n in found["licence"]],
        "quality_assured": [facet(v == "true", assured[v], n) for v, n in found["quality_assured"]],
    }
