"""The resource list's query parameters, as the OpenAPI schema documents them."""

import django_filters
from drf_spectacular.utils import OpenApiParameter

from ...filters import ResourceFilter
from ...ordering import ORDERINGS


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
                bool if not many else str,
                many=many,
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
    OpenApiParameter("page", int, description="Page number."),
    OpenApiParameter("page_size", int, description="Results per page (at most 200)."),
    OpenApiParameter("search", str, description="Full-text search (title > summary > body)."),
    OpenApiParameter(
        "ordering",
        str,
        enum=list(ORDERINGS),
        description="relevance (default while searching), newest (default) or title.",
    ),
    OpenApiParameter("facets", bool, description="Add facet counts for the current query."),
    OpenApiParameter(
        "format", str, enum=["json", "csv"], description="csv streams the whole filtered list."
    ),
]
