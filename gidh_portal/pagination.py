"""API pagination: page numbers with the total `count`, the current `page` and the `page_size`;
on lists that allow it (`cursor_ordering` on the view), `?cursor=` switches to cursor pages for
consumers who read everything: no count, no growing OFFSET, stable under inserts."""

from functools import cached_property, partial

from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.response import Response


class KnownCountPaginator(Paginator):
    """A paginator told its total: no `COUNT(*)` over a long list whose size is stored."""

    def __init__(self, *args, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self):
        return self.known_count if self.known_count is not None else super().count


class PageNumberPagination(pagination.PageNumberPagination):
    """A view may define `known_count(queryset)`, returning the list's exact size when it is
    stored (or None to count)."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        if _cursor_requested(request, view):
            self.cursor = CursorPagination(view.cursor_ordering)
            return self.cursor.paginate_queryset(queryset, request, view)
        self.cursor = None
        known = getattr(view, "known_count", None)
        count = known(queryset) if known is not None else None
        self.django_paginator_class = partial(KnownCountPaginator, known_count=count)
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

    def __init__(self, ordering):
        self.ordering = ordering

    def get_ordering(self, request, queryset, view):
        return self.ordering  # the view's `cursor_ordering`, whatever `?ordering=` says


def _cursor_requested(request, view):
    return "cursor" in request.query_params and bool(getattr(view, "cursor_ordering", None))
