"""The catalogue page's facet panels: each value, whether it is selected, the link toggling it."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _

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
    # The other parameters' pairs are encoded once (as `QueryDict.urlencode` does), each value's
    # link then encoding only its own facet's values (all of them per value, before, cost more
    # than the rest of the panels).
    encoded = {
        key: [query_pair(key, value) for value in values]
        for key, values in params.lists()
        if key != "page"
    }
    panels = []
    for name, values in facets.items():
        selected = params.getlist(name)
        entries = []
        for entry in values:
            value = url_value(entry["value"])
            chosen = [v for v in selected if v != value]
            if value not in selected:
                chosen = [*chosen, value] if name != "quality_assured" else [value]
            toggled = encoded | {name: [query_pair(name, v) for v in chosen]}
            entries.append(
                {**entry, "url_value": value, "selected": value in selected,
                 "toggle_query": "&".join(pair for pairs in toggled.values() for pair in pairs)}
            )  # fmt: skip
        panels.append({"name": name, "title": FACET_TITLES[name], "values": entries})
    return panels


def query_pair(key, value):
    """`key=value` encoded as `QueryDict.urlencode` encodes each pair."""
    return urlencode({key.encode(): value.encode()})


def page_query(params):
    """The query string of `params` without the page number, each pair followed by `&`, for
    the links to the other pages (encoded as the `urlencode` filter does)."""
    return "".join(
        f"{quote(key)}={quote(value)}&"
        for key, values in params.lists()
        if key != "page"
        for value in values
    )
