"""The catalogue's sort orders (relevance, newest, title), shared by the page and the API."""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce

ORDERINGS = {
    "relevance": ("-rank", "-publication_year", "title"),
    # Ties on the key, in the same direction: the API's keyset pages and the index
    # `resource_newest_first` follow the whole ordering.
    "newest": ("-publication_year", "-created_at", "-pk"),
    "title": ("title", "pk"),
}

# Above any publication year: where PostgreSQL sorts a resource without one (NULL).
NO_YEAR = 32767


def publication_year_key():
    """The publication year as lists sort it, without NULL: the expression of the index
    `resource_newest_first`, so that a keyset page compares it."""
    return Coalesce(
        F("publication_year"), Value(NO_YEAR), output_field=models.PositiveSmallIntegerField()
    )


def ordered(queryset, ordering, *, searching):
    """Sort by relevance (the default while searching), newest first, or title."""
    if ordering not in ORDERINGS:
        ordering = "relevance" if searching else "newest"
    if ordering == "relevance" and not searching:
        ordering = "newest"
    return queryset.order_by(*ORDERINGS[ordering]), ordering
