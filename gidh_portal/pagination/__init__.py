"""API pagination: page numbers with the total `count`, the current `page` and the `page_size`;
on lists with a keyset (`keyset_keys` on the view), page numbers for the first rows only and
keyset pages (`?cursor=`) past them: no count, no growing OFFSET, stable under inserts.

The paginators behind the page numbers count the list with the page where that is cheaper:
`CountedInPagePaginator` (short sorted lists) and `CountedWithPagePaginator` (searches)."""

from .counted_in_page import CountedInPagePaginator
from .counted_with_page import CountedWithPagePaginator
from .keyset import encode_cursor
from .page_numbers import (
    CURSOR_DESCRIPTION,
    MAX_PAGE_ROWS,
    PAGE_DESCRIPTION,
    PageNumberPagination,
    PageOrCursorPagination,
)
from .page_size import PAGE_SIZE_DESCRIPTION
