"""What the catalogue page and the API share: parsing a query, result rows, facets."""

from .facet_counts import is_narrowed, whole_catalogue
from .facet_panels import facet_panels, page_query, selected_filters
from .results import catalogue_query, result_items, result_rows
