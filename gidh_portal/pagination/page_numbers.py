"""The API's pagination class: page-number pages with their count (or, when asked and allowed,
cursor pages), choosing the paginator that counts the list most cheaply."""

from functools import partial

from django.core.paginator import Paginator
from rest_framework import exceptions, pagination
from rest_framework.response import Response

from .counted_in_page import CountedInPagePaginator
from .counted_with_page import CountedWithPagePaginator
from .cursor import CursorPagination, cursor_requested
from .page_size import PAGE_SIZE_DESCRIPTION, page_size


class PageNumberPagination(pagination.PageNumberPagination):
    """A view may set `count_with_page` to count with the page's ids
    (`CountedWithPagePaginator`, for searches): True, or the function that turns the page's
    queryset into its rows; or set `count_in_page` to count its `.values()` rows in the page's
    query (`CountedInPagePaginator`, for short sorted lists). Otherwise the page and a
    `COUNT(*)`."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return page_size(self, request)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            # DRF reads an empty page as the first; the schema's page is a number.
            raise exceptions.NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)

    def check_parameters(self, request):
        """Refuses a `page` or `page_size` the list would refuse, where the answer is not paged
        (a CSV export streams the whole list): the schema documents them there too."""
        self.get_page_size(request)
        number = request.query_params.get(self.page_query_param)
        if number is not None and not (number.isascii() and number.isdigit() and int(number)):
            raise exceptions.NotFound(self.invalid_page_message)

    def paginate_queryset(self, queryset, request, view=None):
        if cursor_requested(request, view):
            self.cursor = CursorPagination(view.cursor_ordering)
            return self.cursor.paginate_queryset(queryset, request, view)
        self.cursor = None
        count_with_page = getattr(view, "count_with_page", None)
        if count_with_page:
            # A search ranks every match anyway: its count comes with the page's ids.
            rows = count_with_page if callable(count_with_page) else None
            self.django_paginator_class = partial(CountedWithPagePaginator, rows=rows)
            return super().paginate_queryset(queryset, request, view)
        if getattr(view, "count_in_page", False):
            self.django_paginator_class = CountedInPagePaginator
        else:
            self.django_paginator_class = Paginator
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
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = PAGE_SIZE_DESCRIPTION
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


class PageOrCursorPagination(PageNumberPagination):
    """For lists with `cursor_ordering`: the documented answer is a page-number page or, with
    `?cursor=`, a cursor page (`next`, `previous`, `results`; no `count`)."""

    def get_paginated_response_schema(self, schema):
        cursor_page = pagination.CursorPagination().get_paginated_response_schema(schema)
        cursor_page["required"] = ["next", "previous", "results"]
        return {"anyOf": [super().get_paginated_response_schema(schema), cursor_page]}
