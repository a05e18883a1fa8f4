"""The catalogue's sort orders (relevance, newest, title), shared by the page and the API."""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce

# Above any publication year: where PostgreSQL sorts a resource without one (NULL), first.
NO_YEAR = 32767


def publication_year_key():
    """The publication year as lists sort it, without NULL: the expression of the index
    `resources_published_newest` (migration 0011), so that a keyset page compares it."""
    return Coalesce(
        F("publication_year"), Value(NO_YEAR), output_field=models.PositiveSmallIntegerField()
    )


# Newest first, then most recently added: the order of the catalogue's window
# (`ResourceQuerySet.window`), of its "newest" pages and of related resources, as expressions
# that the index `resources_published_newest` serves.
NEWEST = (publication_year_key().desc(), F("id").desc())

ORDERINGS = {
    "relevance": ("-rank", "-publication_year", "title"),
    # By name, the same order as NEWEST (a missing year sorts first either way): the API's
    # keyset (`keyset_keys`) reads "publication_year" as `publication_year_key()`.
    "newest": ("-publication_year", "-id"),
    "title": ("title", "id"),  # the index `resources_published_title`
}


def ordered(queryset, ordering, *, searching):
    """Sort by relevance (the default while searching), newest first, or title."""
    if ordering not in ORDERINGS:
        ordering = "relevance" if searching else "newest"
    if ordering == "relevance" and not searching:
        ordering = "newest"
    return queryset.order_by(*ORDERINGS[ordering]), ordering


def indexed(queryset, ordering):
    """`queryset`, sorted by `ordering` (not relevance), in the expressions its index serves."""
    return queryset.order_by(*NEWEST) if ordering == "newest" else queryset
