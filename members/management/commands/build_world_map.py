"""Build members/data/world_110m.json, the geometry of the home page's world map.

Run once (and again only to change the projection or the source): `npm install` (package.json
pins world-atlas), then `manage.py build_world_map`; commit the JSON. The portal never reads
node_modules at run time and the map makes no external request.

Source: Natural Earth 1:110m admin-0 countries, as TopoJSON in the npm package world-atlas 2.0.2
(public domain; feature ids are ISO 3166 numeric codes = our `MemberState.m49`). Projection: Equal
Earth. The output holds one SVG path per member state (keyed by M49), a centre point for the member
states too small to appear at this scale (from the 1:50m and 1:10m files of the same package), and
the other land areas, drawn without names or links. Following United Nations map practice, areas
that Natural Earth draws separately (Northern Cyprus, Somaliland, Kosovo, Taiwan) are drawn as part
of the member state the UN lists them under; Antarctica is left out.
"""

import csv
import itertools
import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

ROOT = Path(__file__).resolve().parents[3]
ATLAS = ROOT / "node_modules" / "world-atlas"
DATA = Path(__file__).resolve().parents[2] / "data"
TARGET = DATA / "world_110m.json"
WIDTH = 1000
# Natural Earth features drawn under another M49 code (see the module docstring).
DRAWN_AS = {"N. Cyprus": "196", "Somaliland": "706", "Kosovo": "688", "Taiwan": "156"}
LEFT_OUT = {"010", "260"}  # Antarctica, French Southern and Antarctic Lands

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    """Equal Earth projection (Šavrič, Patterson, Jenny 2018), unit sphere, y pointing down."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, -y


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def unwrapped(ring):
    """The ring with longitudes made continuous (a ring crossing the antimeridian goes past 180)."""
    points = [ring[0]]
    for longitude, latitude in ring[1:]:
        previous = points[-1][0]
        longitude += 360 * round((previous - longitude) / 360)
        points.append((longitude, latitude))
    return points


def projected_rings(ring):
    """The ring projected; a ring crossing the antimeridian twice (once shifted a turn), since
    the map is clipped to the outline of the globe."""
    ring = unwrapped(ring)
    shifts = [0]
    if max(longitude for longitude, _ in ring) > 180:
        shifts.append(-360)
    if min(longitude for longitude, _ in ring) < -180:
        shifts.append(360)
    return [[equal_earth(lon + shift, lat) for lon, lat in ring] for shift in shifts]


def outline():
    """The edge of the Equal Earth map (longitude ±180), as projected points."""
    east = [equal_earth(180, latitude) for latitude in range(-90, 91)]
    return east + [(-x, y) for x, y in reversed(east)]


def rings_of(geometry, arcs):
    polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}
    for polygon in polygons.get(geometry["type"], []):
        for ring in polygon:
            points = []
            for index in ring:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points.extend(arc if not points else arc[1:])
            yield points


class Command(BaseCommand):
    help = "Convert world-atlas TopoJSON (node_modules) into members/data/world_110m.json."

    def handle(self, *args, **options):
        if not (ATLAS / "countries-110m.json").exists():
            raise CommandError("node_modules/world-atlas is missing: run `npm install` first.")
        topology = json.loads((ATLAS / "countries-110m.json").read_text())
        arcs = decode_arcs(topology)
        features = {}
        for geometry in topology["objects"]["countries"]["geometries"]:
            code = DRAWN_AS.get(geometry["properties"]["name"], geometry.get("id"))
            if code in LEFT_OUT:
                continue
            rings = features.setdefault(code, [])
            for ring in rings_of(geometry, arcs):
                rings.extend(projected_rings(ring))

        edge = outline()
        # y depends on latitude only, so the shifted copies don't change the height.
        ys = [y for rings in features.values() for ring in rings for _, y in ring]
        min_x = min(x for x, _ in edge)
        max_x = max(x for x, _ in edge)
        min_y, max_y = min(ys), max(ys)
        scale = WIDTH / (max_x - min_x)

        def to_view(point):
            return round((point[0] - min_x) * scale), round((point[1] - min_y) * scale)

        with (DATA / "who_member_states.csv").open(encoding="utf-8") as source:
            member_codes = {row["m49"] for row in csv.DictReader(source)}
        countries, others = {}, []
        for code, rings in features.items():
            path = svg_path([[to_view(p) for p in ring] for ring in rings])
            if not path:
                continue
            if code in member_codes:
                countries[code] = path
            else:
                others.append(path)

        points = {}
        for code in sorted(member_codes - countries.keys()):
            centre = self.centre_from_finer_scale(code)
            if centre is None:
                raise CommandError(f"No geometry for M49 {code} in world-atlas.")
            points[code] = list(to_view(centre))

        height = round((max_y - min_y) * scale)
        TARGET.write_text(
            json.dumps(
                {
                    "source": "Natural Earth 1:110m via world-atlas 2.0.2, Equal Earth projection",
                    "view_box": f"0 0 {WIDTH} {height}",
                    "countries": dict(sorted(countries.items())),
                    "points": points,
                    "others": others,
                    "outline": svg_path([[to_view(point) for point in edge]]),
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            + "\n"
        )
        self.stdout.write(
            f"Wrote {len(countries)} member-state shapes, {len(points)} points and "
            f"{len(others)} other areas to {TARGET} ({TARGET.stat().st_size:,} bytes)."
        )

    def centre_from_finer_scale(self, code):
        for scale in ("50m", "10m"):
            topology = json.loads((ATLAS / f"countries-{scale}.json").read_text())
            for geometry in topology["objects"]["countries"]["geometries"]:
                if geometry.get("id") == code:
                    arcs = decode_arcs(topology)
                    rings = [unwrapped(ring) for ring in rings_of(geometry, arcs)]
                    largest = [equal_earth(*point) for point in max(rings, key=len)]
                    xs, ys = zip(*largest, strict=True)
                    return sum(xs) / len(xs), sum(ys) / len(ys)
        return None


def svg_path(rings):
    """Compact SVG path data: absolute move, then relative lines, repeated points dropped."""
    parts = []
    for ring in rings:
        points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        if len(set(points)) < 3:
            continue
        commands = [f"M{points[0][0]} {points[0][1]}l"]
        deltas = [f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in itertools.pairwise(points)]
        commands.append(" ".join(deltas).replace(" -", "-"))
        parts.append("".join(commands) + "z")
    return "".join(parts)
