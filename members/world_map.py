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

from django.utils.translation import gettext as _

GEOMETRY = Path(__file__).resolve().parent / "data" / "world_110m.json"
# Colour classes of portal.css, in legend order; the last one is for "no data".
CATEGORY_CLASSES = [f"map-c{index}" for index in range(8)]
NO_DATA_CLASS = "map-none"


@cache
def geometry():
    """The shipped map geometry (read once per process, never written)."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapCountry:
    member_state: object
    category_label: str
    css_class: str
    path: str = ""
    point: tuple[int, int] | None = None
    name: str = ""  # the member state's name in the active language


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


def build_world_map(*, member_states, categories, legend, title, category_heading):
    """A map of `member_states` coloured by `categories` ({iso3: category key}).

    `legend` is the ordered list of (category key, label) pairs (at most 8); member states
    without a category are shown as "No data".
    """
    if len(legend) > len(CATEGORY_CLASSES):
        raise ValueError(f"A map shows at most {len(CATEGORY_CLASSES)} categories.")
    shapes = geometry()
    classes = {key: CATEGORY_CLASSES[index] for index, (key, _label) in enumerate(legend)}
    labels = dict(legend)
    no_data = _("No data")
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
