"""The members API's endpoints: the reference data and the profiles (members/api/urls.py)."""

from .profiles import ProfileViewSet
from .reference import MemberStateViewSet, OrganizationViewSet, WhoRegionViewSet

__all__ = ["MemberStateViewSet", "OrganizationViewSet", "ProfileViewSet", "WhoRegionViewSet"]
