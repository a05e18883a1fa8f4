import re

import pytest
from django.utils import translation

from members.models import MemberState
from members.world_map import build_world_map, geometry
from tests.factories import approved_profile


@pytest.mark.django_db
def test_shipped_geometry_covers_every_member_state():
    shapes = geometry()
    codes = set(MemberState.objects.values_list("m49", flat=True))
    assert codes == set(shapes["countries"]) | set(shapes["points"])
    assert not set(shapes["countries"]) & set(shapes["points"])


@pytest.mark.django_db
def test_home_page_map_colours_member_states_by_strategy_status(client, kenya):
    approved_profile(member_state=kenya)
    html = client.get("/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(
        r'<a href="/countries/([A-Z]{3})/" class="(map-\w+)" aria-label="([^"]+)"', svg
    )
    assert len(links) == 194
    # Legend order follows the strategy statuses: none, in development, adopted, expired.
    assert ("KEN", "map-c2", "Kenya: Adopted") in links
    assert ("FRA", "map-none", "France: No data") in links
    assert "http" not in svg  # no tile server, no external request
    assert "Adopted (1)" in html
    assert "imply no opinion" in html
    start = html.index('<details class="map-table">')
    table = html[start : html.index("</details>", start)]
    assert table.count('<th scope="row">') == 194


@pytest.mark.django_db
def test_map_in_arabic_names_countries_in_arabic(client, kenya):
    approved_profile(member_state=kenya)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    html = client.get("/").content.decode()
    assert 'aria-label="كينيا: ' in html


@pytest.mark.django_db
def test_map_colours_by_any_category_and_shows_no_data_for_the_rest():
    states = list(MemberState.objects.all())
    with translation.override("en"):
        world = build_world_map(
            member_states=states,
            categories={"KEN": "adopted", "FRA": "adopted", "BRA": "drafting"},
            legend=[("adopted", "Strategy adopted"), ("drafting", "In preparation")],
            title="National digital health strategy",
            category_heading="Strategy",
        )
    by_iso3 = {country.member_state.iso3: country for country in world.countries}
    assert by_iso3["KEN"].css_class == "map-c0" and by_iso3["BRA"].css_class == "map-c1"
    assert by_iso3["DEU"].css_class == "map-none" and by_iso3["DEU"].category_label == "No data"
    assert [(e.label, e.count) for e in world.legend] == [
        ("Strategy adopted", 2),
        ("In preparation", 1),
        ("No data", 191),
    ]
    assert by_iso3["TUV"].point and not by_iso3["TUV"].path  # too small: drawn as a circle
