"""The resource list's query parameters, as the OpenAPI schema documents them."""

import django_filters
from drf_spectacular.utils import OpenApiParameter

from gidh_portal.pagination import CURSOR_DESCRIPTION, PAGE_DESCRIPTION, PAGE_SIZE_DESCRIPTION
from gidh_portal.pagination.keyset import MAX_CURSOR_LENGTH

from ...filters import YEARS, ResourceFilter
from ...ordering import ORDERINGS

# The filters whose values are numbers: record ids, GDHM component numbers, years.
FILTER_VALUE_TYPES = {
    "topic": int,
    "publisher": int,
    "component": int,
    "challenge": int,
    "year": {
        "type": "array",
        "items": {"type": "integer", "minimum": YEARS[-1][0], "maximum": YEARS[0][0]},
    },
}


def _filter_parameters():
    """The FilterSet's filters as OpenAPI parameters (the list response is not a plain list,
    so drf-spectacular cannot infer them)."""
    parameters = []
    for name, field in ResourceFilter.base_filters.items():
        choices = field.extra.get("choices")
        many = not isinstance(field, django_filters.BooleanFilter)
        parameters.append(
            OpenApiParameter(
                name,
                bool if not many else FILTER_VALUE_TYPES.get(name, str),
                many=many and name != "year",
                explode=True,
                enum=[str(value) for value, _label in choices]
                if choices and name != "year"
                else None,
                description=str(field.extra.get("help_text", "")),
            )
        )
    return parameters


LIST_PARAMETERS = [
    *_filter_parameters(),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description=f"{PAGE_DESCRIPTION} Without a search; a search pages by number.",
    ),
    OpenApiParameter(
        "cursor",
        {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
        description=f"{CURSOR_DESCRIPTION} Without a search.",
    ),
    OpenApiParameter(
        "page_size", {"type": "integer", "minimum": 1}, description=PAGE_SIZE_DESCRIPTION
    ),
    OpenApiParameter("search", str, description="Full-text search (title > summary > body)."),
    OpenApiParameter(
        "ordering",
        str,
        enum=list(ORDERINGS),
        description=(
            "relevance: the search's rank (title > summary > body) over its window of the "
            "1,000 newest matches, the default with `search` (newest without it); newest: "
            "publication year, then time of recording, the default without `search`; title."
        ),
    ),
    OpenApiParameter("facets", bool, description="Add facet counts for the current query."),
    OpenApiParameter(
        "format", str, enum=["json", "csv"], description="csv streams the whole filtered list."
    ),
]
