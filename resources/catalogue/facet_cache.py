"""The catalogue's fingerprint, and facet counts cached under it until the catalogue changes."""

import hashlib

from django.conf import settings
from django.db.models import Max
from django.utils.translation import get_language

from gidh_portal.response_cache import cached_under_versions

from ..filters import ResourceFilter
from ..models import Resource

# Facet counts of a query are kept in the shared cache (Redis) for a few minutes, under a
# fingerprint of the catalogue (`catalogue_fingerprint()`) and the resources data version, so
# any write shows up at once.
FACET_CACHE_SECONDS = 300


def catalogue_fingerprint():
    """(latest change, latest id) of the catalogue: it changes when a resource is added,
    edited, published or withdrawn, and keys the cached facet counts and ranked search pages.
    Those are also kept under the resources data version, read with them in one round trip
    (`cached_under_versions`; bumped after each committed write of the services and the
    admin while the versioned caches are on), which covers two writes committed in the other
    order than they saved (the latest change and id can stay as they were). A bare deletion
    outside them shows in those counts when the entries expire (minutes); the rows a page
    shows are always read live."""
    latest = Resource.objects.aggregate(changed=Max("updated_at"), id=Max("id"))
    return latest["changed"], latest["id"]


NOT_FILTERS = frozenset({"page", "page_size", "sort", "ordering", "format", "facets"})
# The parameters that narrow the catalogue; without any, the counts are the whole catalogue's.
NARROWING = frozenset({*ResourceFilter.base_filters, "q", "search"})


def cached_facets(queryset, params, fingerprint=None):
    """`queryset.facets()`, from the cache when the same query was counted since the last
    change to the catalogue (`fingerprint`: `catalogue_fingerprint()`'s, read if not given).

    The whole catalogue's counts (no search, no filter: the busiest page and the costliest
    count) are shared by every such request, whatever other parameters it carries, so they
    are counted once per change to the catalogue.
    """
    if fingerprint is None:
        fingerprint = catalogue_fingerprint()
    if any(name in NARROWING for name in params):
        state = sorted(
            (k, v) for k, values in params.lists() if k not in NOT_FILTERS for v in values
        )
    else:
        state = "whole catalogue"
    key = repr((settings.DATABASES["default"]["NAME"], get_language(), fingerprint, state))
    key = "resources:facets:" + hashlib.sha256(key.encode()).hexdigest()
    return cached_under_versions(key, ("resources",), queryset.facets, FACET_CACHE_SECONDS)
