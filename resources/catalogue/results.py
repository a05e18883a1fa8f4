"""A catalogue query from a request's parameters, and the rows and items of its results."""

from django.db.models import F

from gidh_portal.row_urls import row_url

from .. import search
from ..filters import ResourceFilter
from ..models import LANGUAGE_NAMES, Kind
from ..models.queries import LANGUAGE_CODES
from ..ordering import ordered


def catalogue_query(base, params, *, text_param, ordering_param):
    """(text, queryset, ordering, filterset) for the filters, search text and sort in `params`."""
    filterset = ResourceFilter(params, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    text = (params.get(text_param) or "").strip()
    queryset = queryset.matching(text)
    queryset, ordering = ordered(queryset, params.get(ordering_param), searching=bool(text))
    return text, queryset, ordering, filterset


RESULT_COLUMNS = (
    "id", "slug", "title", "kind", "publication_year", "quality_assured", "summary",
    "description_language",
)  # fmt: skip


def result_rows(queryset):
    """Plain rows (dicts) of what a page of results (`queryset`, a page) shows: its columns,
    the publisher's name and acronym, the language codes and the search's `highlight`."""
    rows = list(
        queryset.values(
            *RESULT_COLUMNS,
            publisher_name=F("publisher__name"),
            publisher_acronym=F("publisher__acronym"),
            language_codes=LANGUAGE_CODES,
            headline=search.headline(queryset),
        )
    )
    for row in rows:
        row["highlight"] = search.marked(row.pop("headline"))
    return rows


def result_items(rows):
    """What the results template shows of each row."""
    kinds = dict(Kind.choices)
    resource_url = row_url("resources:resource-detail", "slug")
    return [
        {**row,
         "url": resource_url(row["slug"]),
         "kind_display": kinds.get(row["kind"], row["kind"]),
         "language_names": [str(LANGUAGE_NAMES.get(code, code)) for code in
                            row["language_codes"]]}
        for row in rows
    ]  # fmt: skip
