"""Year on year on the country page in a real browser: in Arabic the bars mirror (they grow from
the right, beside their labels on the right), in English they do not; no axe violation in
either, with several published cycles."""

import pytest
from playwright.sync_api import expect

from tests.factories import approved_profile

from .conftest import axe_violations

YEARS = (2023, 2024, 2025)


@pytest.fixture
def kenya_history(portal, kenya):
    for index, year in enumerate(YEARS):
        approved_profile(member_state=kenya, year=year, phase=2 + index)


@pytest.mark.parametrize("language, mirrored", [("en", False), ("ar", True)])
def test_country_page_progress_chart_mirrors_in_arabic(
    open_as, kenya_history, language, mirrored, tmp_path
):
    page = open_as("/countries/KEN/", language=language, bypass_csp=True)
    chart = page.locator(".progress-chart")
    expect(chart).to_have_attribute("role", "img")
    assert "2023" in chart.get_attribute("aria-label")
    expect(page.locator(".progress-table tbody")).to_have_count(len(YEARS))

    bars = page.locator(".progress-chart-bars").first
    transform = bars.evaluate("node => getComputedStyle(node).transform")
    assert transform.startswith("matrix(-1") is mirrored, transform
    label = page.locator(".progress-chart-label").first.bounding_box()
    box = bars.bounding_box()
    # The label sits before the bars in the reading direction.
    assert (label["x"] > box["x"]) is mirrored
    # The longest bar (the last cycle) starts at the label's side of the row.
    last = page.locator(".progress-chart-bars rect").nth(len(YEARS) - 1).bounding_box()
    if mirrored:
        assert abs((last["x"] + last["width"]) - (box["x"] + box["width"])) < 2
    else:
        assert abs(last["x"] - box["x"]) < 2
    page.screenshot(path=tmp_path / f"progress-{language}.png", full_page=True)
    assert axe_violations(page) == []
