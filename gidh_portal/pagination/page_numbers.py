"""The API's pagination class: page-number pages with their count, choosing the paginator that
counts the list most cheaply, and on lists with a keyset, cursor pages past the first rows."""

from functools import partial

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .counted_in_page import CountedInPagePaginator
from .counted_with_page import CountedWithPagePaginator
from .ids_first import IdsFirstPaginator
from .keyset import MAX_CURSOR_LENGTH, cursor_of, keyset_columns, keyset_ordered, rows_after
from .page_size import PAGE_SIZE_DESCRIPTION, page_size

# On a list with a keyset, page numbers reach this many rows: OFFSET reads and drops every row
# before the page, cheap here (a few ms) and growing with the depth; past it, cursor pages.
MAX_PAGE_ROWS = 1000


class PageNumberPagination(pagination.PageNumberPagination):
    """A view may set `count_with_page` to count with the page's ids
    (`CountedWithPagePaginator`, for searches): True, or the function that turns the page's
    queryset into its rows; or set `count_in_page` to count its `.values()` rows in the page's
    query (`CountedInPagePaginator`, for short sorted lists). Otherwise the page and a
    `COUNT(*)`.

    A view that sets `keyset_keys` (a dict, empty or naming the expressions that stand for some
    of its ordering columns: `keyset.keyset_columns`) pages by keyset past the first
    `MAX_PAGE_ROWS` rows: a page number beyond them is a 400, the `next` link of the last page
    number before them is a `?cursor=` link, and `?cursor=` pages have no count."""

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
        if number is not None and not (number.isascii() and number.isdigit() and number.strip("0")):
            raise exceptions.NotFound(self.invalid_page_message)

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = self.cursor_page = None
        count_with_page = getattr(view, "count_with_page", None)
        keys = getattr(view, "keyset_keys", None)
        if keys is not None and not count_with_page:
            self.keyset = keyset_columns(queryset.query.order_by, keys)
            if self.cursor_query_param in request.query_params:
                return self._cursor_page(queryset, request)
            self._refuse_deep_page(request)
            queryset = keyset_ordered(queryset, self.keyset)
        if count_with_page:
            # A search ranks every match anyway: its count comes with the page's ids.
            rows = count_with_page if callable(count_with_page) else None
            self.django_paginator_class = partial(CountedWithPagePaginator, rows=rows)
            return super().paginate_queryset(queryset, request, view)
        if getattr(view, "count_in_page", False):
            self.django_paginator_class = CountedInPagePaginator
        elif getattr(view, "ids_first", False):
            self.django_paginator_class = IdsFirstPaginator  # rows with sub-queries: ids first
        else:
            self.django_paginator_class = Paginator
        return super().paginate_queryset(queryset, request, view)

    def _refuse_deep_page(self, request):
        number = request.query_params.get(self.page_query_param, "")
        if not (number.isascii() and number.isdigit()):
            return  # not a page number: refused as such by DRF
        size = self.get_page_size(request)
        if len(number) > 9 or int(number) * size > MAX_PAGE_ROWS:
            message = _(
                "Page numbers reach the first %(rows)s rows of this list: follow the `next` "
                "link (a `cursor` link) to read further."
            ) % {"rows": f"{MAX_PAGE_ROWS:,}"}
            raise exceptions.ValidationError({self.page_query_param: [message]})

    def _cursor_page(self, queryset, request):
        self.request = request
        self.cursor_page_size = self.get_page_size(request)
        rows, more = rows_after(
            queryset,
            self.keyset,
            request.query_params[self.cursor_query_param],
            self.cursor_page_size,
        )
        self.cursor_page = rows
        self.next_cursor = cursor_of(rows[-1], self.keyset) if more else None
        return rows

    def _cursor_link(self, cursor):
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        page = self.page
        if (
            self.keyset
            and page.has_next()
            and (page.number + 1) * page.paginator.per_page > (MAX_PAGE_ROWS)
        ):
            return self._cursor_link(cursor_of(page.object_list[-1], self.keyset))
        return super().get_next_link()

    def get_paginated_response(self, data):
        if self.cursor_page is not None:
            next_cursor = self.next_cursor
            return Response(
                {
                    "page_size": self.cursor_page_size,
                    "next": self._cursor_link(next_cursor) if next_cursor else None,
                    "results": data,
                }
            )
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
        if getattr(view, "keyset_keys", None) is not None:
            for parameter in parameters:
                if parameter["name"] == self.page_query_param:
                    parameter["description"] = PAGE_DESCRIPTION
            parameters.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": CURSOR_DESCRIPTION,
                    "schema": {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
                }
            )
        return parameters

    cursor_query_param = "cursor"


PAGE_DESCRIPTION = (
    f"Page number, while page × page_size ≤ {MAX_PAGE_ROWS:,} (a 400 beyond): the next link of "
    "the last such page is a cursor link."
)
CURSOR_DESCRIPTION = (
    "A position in the list, from a `next` link (empty for the first page): cursor pages carry "
    "no `count` and cost the same at any depth."
)


def cursor_page_schema(schema):
    """The documented cursor page: `page_size`, `next` and the results."""
    return {
        "type": "object",
        "required": ["page_size", "next", "results"],
        "properties": {
            "page_size": {"type": "integer", "example": 50},
            "next": {"type": "string", "nullable": True, "format": "uri"},
            "results": schema,
        },
    }


class PageOrCursorPagination(PageNumberPagination):
    """For lists with a keyset: the documented answer is a page-number page or, with
    `?cursor=`, a cursor page (`page_size`, `next`, `results`; no `count`)."""

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        return {"anyOf": [page, cursor_page_schema(schema)]}
