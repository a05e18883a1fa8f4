"""API pagination: page numbers with the total `count`, the current `page` and the `page_size`;
on lists that allow it (`cursor_ordering` on the view), `?cursor=` switches to cursor pages for
consumers who read everything: no count, no growing OFFSET, stable under inserts.

The paginators behind the page numbers count the list with the page where that is cheaper:
`CountedInPagePaginator` (short sorted lists) and `CountedWithPagePaginator` (searches)."""

from .counted_in_page import CountedInPagePaginator
from .counted_with_page import CountedWithPagePaginator
from .cursor import CursorPagination
from .page_numbers import PageNumberPagination, PageOrCursorPagination
from .page_size import PAGE_SIZE_DESCRIPTION
