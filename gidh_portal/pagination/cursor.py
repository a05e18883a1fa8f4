"""Cursor pages (`?cursor=`) for consumers who read a whole list: no count, no growing OFFSET."""

from rest_framework import pagination

from .page_size import page_size


class CursorPagination(pagination.CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def __init__(self, ordering):
        self.ordering = ordering

    def get_page_size(self, request):
        return page_size(self, request)

    def get_ordering(self, request, queryset, view):
        return self.ordering  # the view's `cursor_ordering`, whatever `?ordering=` says


def cursor_requested(request, view):
    """Whether the request asks for a cursor page of a list that allows one."""
    return "cursor" in request.query_params and bool(getattr(view, "cursor_ordering", None))
