"""API pagination: page numbers with the total `count`, the current `page` and the `page_size`."""

from rest_framework import pagination
from rest_framework.response import Response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

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
