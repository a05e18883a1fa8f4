"""What the catalogue page and the API share: parsing a query, result rows, facets."""

from .facet_cache import cached_facets, catalogue_fingerprint
from .facet_panels import facet_panels, selected_filters
from .results import catalogue_query, result_items, result_rows

__all__ = [
    "cached_facets",
    "catalogue_fingerprint",
    "catalogue_query",
    "facet_panels",
    "result_items",
    "result_rows",
    "selected_filters",
]
