"""The resources API: the catalogue's viewset, its CSV export and list parameters, its writes."""

from .resources import ResourceViewSet

__all__ = ["ResourceViewSet"]
