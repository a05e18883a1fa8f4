"""The catalogue's facet counts: the whole catalogue's as the database keeps them, a narrowed
list's over its window."""

from ..filters import ResourceFilter
from ..models import facet_counts, facets

# The parameters that narrow the catalogue; without any, the counts are the whole catalogue's.
NARROWING = frozenset({*ResourceFilter.base_filters, "q", "search"})


def is_narrowed(params):
    """Whether `params` search or filter the catalogue (an empty value does neither)."""
    return any(value.strip() for name in NARROWING for value in params.getlist(name))


def whole_catalogue(*, limit=12):
    """(facet counts, number) of the published resources, read from the counts the database
    keeps (`FacetCount`): one small query and the labels', whatever the catalogue's size."""
    found, total = facet_counts.whole_catalogue_counts(facets.GROUPED)
    return facets.labelled(facets.most_frequent(found, limit=limit)), total
