"""One declaration per list: a list's serializer names its columns once, and that declaration
drives the query's columns (`rows`), the JSON item (the serializer itself), the CSV header and
rows (`csv_header`, `csv_rows`, `stream_csv_of`), the OpenAPI schema (drf-spectacular reads the
serializer) and the benchmark's floor (`sql_of` gives the SQL that `rows` runs).

A list serializer is a plain `serializers.Serializer` reading rows of `QuerySet.values()`:
- a field's `source` is a lookup (`plan__member_state_id`) or an annotation of the queryset
  (a field without `source` reads the column of its own name);
- a value computed in Python from several columns is a `RowField` naming the columns it reads,
  with the serializer's `get_<name>(row)` method, as for DRF's `SerializerMethodField`;
- the link to an item is a `LinkField` naming its view.

Adding a read-only field to a list is then one line in its serializer (and the model field or
annotation it reads).
"""

from functools import partial

from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from gidh_portal.csv_export import is_number, stream_csv
from gidh_portal.row_urls import row_url


class RowField(serializers.SerializerMethodField):
    """A value computed from several columns of the row by the serializer's `get_<name>(row)`;
    `reads` names those columns."""

    def __init__(self, *, reads, **kwargs):
        self.reads = tuple(reads)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """The absolute URL of the row's item: `view_name` reversed with the row's `lookup` column
    (DRF's `reverse` keeps the request's `?format=`, as its hyperlinked fields do)."""

    def __init__(self, view_name, *, lookup="pk", url_kwarg=None, **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        self.url_kwarg = url_kwarg or lookup
        self.reads = (lookup,)
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, row):
        # Reversed once per list (a field belongs to one serializer instance), each row's value
        # written in its place: a reverse per row took a tenth of a page of 50.
        if not hasattr(self, "_url"):
            request = self.context.get("request")
            bound = partial(reverse, request=request)
            self._url = row_url(self.view_name, self.url_kwarg, reverse=bound)
        return self._url(row[self.lookup])


def reads(field):
    """The columns of the row that `field` reads."""
    if isinstance(field, RowField | LinkField):
        return field.reads
    if field.source == "*" or "." in field.source:
        raise ImproperlyConfigured(
            f"{field.parent.__class__.__name__}.{field.field_name}: a list field reads one "
            "column (a lookup such as `plan__member_state_id`, or an annotation); compute a "
            "value from several with a RowField."
        )
    return (field.source,)


def columns(serializer_class):
    """Every column the declaration reads, in the order of its fields, each once."""
    fields = serializer_class().fields.values()
    return list(dict.fromkeys(column for field in fields for column in reads(field)))


def rows(queryset, serializer_class):
    """The queryset's rows with the declaration's columns (a `.values()` queryset: filters,
    ordering and pagination apply to it as to any queryset)."""
    return queryset.values(*columns(serializer_class))


def sql_of(queryset):
    """The SQL and parameters that the queryset runs (for the benchmark's floor)."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def csv_header(serializer_class):
    """The CSV's columns: the JSON item's fields, in the same order, links left out."""
    fields = serializer_class().fields
    return [name for name, field in fields.items() if not isinstance(field, LinkField)]


def csv_rows(serializer_class, rows_, *, context=None):
    """One CSV row per row of `rows_`, matching `csv_header`: numbers stay numbers (so a
    spreadsheet can sum them, negative ones included), everything else as the JSON writes it."""
    serializer = serializer_class(context=context or {})
    fields = [serializer.fields[name] for name in csv_header(serializer_class)]
    for row in rows_:
        yield [csv_value(field, field.get_attribute(row)) for field in fields]


def csv_value(field, value):
    """The CSV cell of `field`'s `value` read from a row: a number (or None) as it is, anything
    else as the JSON writes it."""
    if value is None or is_number(value):
        return value
    return field.to_representation(value)


def stream_csv_of(serializer_class, queryset, *, filename, context=None):
    """The list as a streamed CSV download: the declaration's columns, read in chunks."""
    values = rows(queryset, serializer_class).iterator(chunk_size=1000)
    return stream_csv(
        csv_header(serializer_class),
        csv_rows(serializer_class, values, context=context),
        filename=filename,
    )
