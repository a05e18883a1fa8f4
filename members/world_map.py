"""The home page's world map: member states coloured by category, drawn as inline SVG.

The geometry is shipped (`data/world_110m.json`, built by `manage.py build_world_map` from
Natural Earth); the page makes no external request and needs no JavaScript. Each member state is
a link to its page with an accessible name, so the map is keyboard reachable, and the template
(`includes/world_map.html`) adds a legend and the same data as a table.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gidh_portal.row_urls import row_url

GEOMETRY = Path(__file__).resolve().parent / "data" / "world_110m.json"
# Colour classes of portal.css, in legend order; the last one is for "no data".
CATEGORY_CLASSES = [f"map-c{index}" for index in range(8)]
NO_DATA_CLASS = "map-none"


@cache
def geometry():
    """The shipped map geometry (read once per process, never written), its SVG path data
    marked safe: numbers and path commands, which the template need not escape (escaping the
    whole world's outlines was most of the home page's time)."""
    shapes = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    shapes["outline"] = mark_safe(shapes["outline"])
    shapes["others"] = [mark_safe(area) for area in shapes["others"]]
    shapes["countries"] = {m49: mark_safe(d) for m49, d in shapes["countries"].items()}
    return shapes


@dataclass(frozen=True)
class MapCountry:
    member_state: object
    category_label: str
    css_class: str
    path: str = ""
    point: tuple[int, int] | None = None
    name: str = ""  # the member state's name in the active language
    url: str = ""


@dataclass(frozen=True)
class LegendEntry:
    label: str
    css_class: str
    count: int


@dataclass(frozen=True)
class WorldMap:
    title: str
    category_heading: str
    view_box: str
    outline: str
    countries: list[MapCountry]
    others: list[str]
    legend: list[LegendEntry]

    # The 194 member states' links and table rows, as HTML built here: through the template
    # engine, their two thousand variables were most of the home page's time.
    def country_links(self):
        labels = ((c, conditional_escape(f"{c.name}: {c.category_label}")) for c in self.countries)
        return format_html_join(
            "",
            '<a href="{}" class="{}" aria-label="{}"><title>{}</title>{}</a>',
            ((c.url, c.css_class, label, label, _shape(c)) for c, label in labels),
        )

    def table_rows(self):
        return format_html_join(
            "",
            '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td></tr>',
            ((c.url, c.name, c.category_label) for c in self.countries),
        )


def _shape(country):
    if country.path:
        return format_html('<path d="{}"/>', country.path)
    return format_html('<circle cx="{}" cy="{}" r="4"/>', *country.point)


def build_world_map(*, member_states, categories, legend, title, category_heading):
    """A map of `member_states` coloured by `categories` ({iso3: category key}).

    `legend` is the ordered list of (category key, label) pairs (at most 8); member states
    without a category are shown as "No data".
    """
    if len(legend) > len(CATEGORY_CLASSES):
        raise ValueError(f"A map shows at most {len(CATEGORY_CLASSES)} categories.")
    shapes = geometry()
    classes = {key: CATEGORY_CLASSES[index] for index, (key, _label) in enumerate(legend)}
    # Each label translated once, not once per member state it is escaped for.
    labels = {key: str(label) for key, label in legend}
    no_data = str(_("No data"))
    country_url = row_url("country-detail", "iso3")
    countries = []
    for state in member_states:
        category = categories.get(state.iso3)
        point = shapes["points"].get(state.m49)
        countries.append(
            MapCountry(
                member_state=state,
                category_label=labels.get(category, no_data),
                css_class=classes.get(category, NO_DATA_CLASS),
                path=shapes["countries"].get(state.m49, ""),
                point=tuple(point) if point else None,
                name=state.name,
                url=country_url(state.iso3),
            )
        )
    counts = {}
    for country in countries:
        counts[country.css_class] = counts.get(country.css_class, 0) + 1
    legend_entries = [
        LegendEntry(label=label, css_class=classes[key], count=counts.get(classes[key], 0))
        for key, label in legend
    ]
    if counts.get(NO_DATA_CLASS):
        legend_entries.append(LegendEntry(no_data, NO_DATA_CLASS, counts[NO_DATA_CLASS]))
    return WorldMap(
        title=title,
        category_heading=category_heading,
        view_box=shapes["view_box"],
        outline=shapes["outline"],
        countries=countries,
        others=shapes["others"],
        legend=legend_entries,
    )
