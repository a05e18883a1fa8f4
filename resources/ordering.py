"""The catalogue's sort orders (relevance, newest, title), shared by the page and the API."""

from .search import NEWEST

ORDERINGS = {
    "relevance": ("-rank", "-publication_year", "title"),
    "newest": NEWEST,
    "title": ("title", "id"),  # the `resources_published_title` index
}


def ordered(queryset, ordering, *, searching):
    """Sort by relevance (the default while searching), newest first, or title."""
    if ordering not in ORDERINGS:
        ordering = "relevance" if searching else "newest"
    if ordering == "relevance" and not searching:
        ordering = "newest"
    return queryset.order_by(*ORDERINGS[ordering]), ordering
