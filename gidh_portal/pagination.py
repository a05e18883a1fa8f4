"""API pagination: page numbers with the total `count`, the current `page` and the `page_size`."""

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
        known = getattr(view, "known_count", None)
        count = known(queryset) if known is not None else None
        self.django_paginator_class = partial(KnownCountPaginator, known_count=count)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
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
