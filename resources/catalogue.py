"""What the catalogue page and the API share: parsing a query, result rows, facets."""

import hashlib

from django.conf import settings
from django.db.models import F, Max
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gidh_portal.response_cache import cached_under_versions

from . import search
from .filters import ResourceFilter, ordered
from .models import LANGUAGE_NAMES, Kind, Resource

FACET_TITLES = {
    "kind": _("Type"),
    "topic": _("Digital health intervention"),
    "language": _("Language"),
    "region": _("WHO region"),
    "publisher": _("Publisher"),
    "year": _("Publication year"),
    "licence": _("Licence"),
    "quality_assured": _("WHO quality assurance"),
}


def catalogue_query(base, params, *, text_param, ordering_param):
    """(text, queryset, ordering, filterset) for the filters, search text and sort in `params`."""
    filterset = ResourceFilter(params, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    text = (params.get(text_param) or "").strip()
    queryset = queryset.matching(text)
    queryset, ordering = ordered(queryset, params.get(ordering_param), searching=bool(text))
    return text, queryset, ordering, filterset


RESULT_COLUMNS = (
    "id", "slug", "title", "kind", "publication_year", "quality_assured", "summary",
    "description_language",
)  # fmt: skip
# A row's language codes in the order of its entries (`Resource.language_codes`), as an array.
_LANGUAGE_CODES = RawSQL(
    "ARRAY(SELECT t.code FROM resources_resourcelanguage t "
    'WHERE t.resource_id = "resources_resource"."id" ORDER BY t.id)',
    [],
)


def result_rows(queryset):
    """Plain rows (dicts) of what a page of results (`queryset`, a page) shows: its columns,
    the publisher's name and acronym, the language codes and the search's `highlight`."""
    rows = list(
        queryset.values(
            *RESULT_COLUMNS,
            publisher_name=F("publisher__name"),
            publisher_acronym=F("publisher__acronym"),
            language_codes=_LANGUAGE_CODES,
            headline=search.headline(queryset),
        )
    )
    for row in rows:
        row["highlight"] = search.marked(row.pop("headline"))
    return rows


def result_items(rows):
    """What the results template shows of each row."""
    kinds = dict(Kind.choices)
    placeholder = "__resource_slug__"
    detail = reverse("resources:resource-detail", kwargs={"slug": placeholder})
    return [
        {**row,
         "url": detail.replace(placeholder, row["slug"]),
         "kind_display": kinds.get(row["kind"], row["kind"]),
         "language_names": [str(LANGUAGE_NAMES.get(code, code)) for code in
                            row["language_codes"]]}
        for row in rows
    ]  # fmt: skip


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


def url_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def selected_filters(facets, params):
    """(name, value) of each facet value the request selects, in the facets' order: the search
    form carries them as hidden fields."""
    return [
        (name, value)
        for name, values in facets.items()
        for value in [url_value(entry["value"]) for entry in values]
        if value in params.getlist(name)
    ]


def facet_panels(facets, params):
    """Each facet with its values, whether each is selected and the link that toggles it."""
    panels = []
    for name, values in facets.items():
        selected = set(params.getlist(name))
        entries = []
        for entry in values:
            value = url_value(entry["value"])
            toggled = params.copy()
            toggled.pop("page", None)
            chosen = [v for v in toggled.getlist(name) if v != value]
            if value not in selected:
                chosen = [*chosen, value] if name != "quality_assured" else [value]
            toggled.setlist(name, chosen)
            entries.append(
                {**entry, "url_value": value, "selected": value in selected,
                 "toggle_query": toggled.urlencode()}
            )  # fmt: skip
        panels.append({"name": name, "title": FACET_TITLES[name], "values": entries})
    return panels
