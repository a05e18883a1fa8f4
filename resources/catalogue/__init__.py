"""What the catalogue page and the API share: parsing a query, result rows, facets."""

from .facet_cache import cached_facets, catalogue_fingerprint
from .facet_panels import facet_panels, selected_filters
from .results import catalogue_query, result_items, result_rows
