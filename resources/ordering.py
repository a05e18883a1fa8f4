"""The catalogue's sort orders (relevance, newest, title), shared by the page and the API."""

ORDERINGS = {
    "relevance": ("-rank", "-publication_year", "title"),
    "newest": ("-publication_year", "-created_at", "title"),
    "title": ("title", "pk"),
}


def ordered(queryset, ordering, *, searching):
    """Sort by relevance (the default while searching), newest first, or title."""
    if ordering not in ORDERINGS:
        ordering = "relevance" if searching else "newest"
    if ordering == "relevance" and not searching:
        ordering = "newest"
    return queryset.order_by(*ORDERINGS[ordering]), ordering
