"""Journeys through the portal in a real browser; each saves a screenshot under tmp_path."""

import re

import pytest
from django.utils.translation import get_language_info
from playwright.sync_api import expect

from members.models import MemberState
from tests.factories import approved_profile

HOME_TRANSFER_BUDGET = 300_000  # bytes, for people on slow connections


def test_language_switch_to_arabic_and_back(open_as, tmp_path):
    page = open_as("/countries/KEN/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    # The switcher names each language in its own script ("العربيّة" for Arabic).
    page.get_by_role("button", name=get_language_info("ar")["name_local"]).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page).to_have_url(re.compile(r"/countries/KEN/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("كينيا")
    expect(page.get_by_text("إقليم أفريقيا").first).to_be_visible()
    page.screenshot(path=tmp_path / "country-page-arabic.png", full_page=True)

    # Remembered (language cookie) on the next page, and the layout mirrors: the skip link and
    # the first table column sit on the right.
    page.get_by_role("link", name="البلدان").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("الدول الأعضاء")
    first_cell = page.locator(".data-table tbody th").first.bounding_box()
    assert first_cell["x"] > page.viewport_size["width"] / 2
    page.screenshot(path=tmp_path / "country-list-arabic.png", full_page=True)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Member states")
    page.screenshot(path=tmp_path / "country-list-english.png", full_page=True)


def test_world_map_works_with_the_keyboard_and_without_javascript(portal, browser, tmp_path):
    approved_profile(member_state=MemberState.objects.get(iso3="KEN"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{portal.url}/")
    kenya = page.locator('.world-map-svg a[href="/countries/KEN/"]')
    expect(kenya).to_have_attribute("aria-label", "Kenya: Adopted")
    assert page.locator(".world-map-svg a").count() == 194
    # Every country is in the tab order, and Enter on one opens its page.
    assert page.evaluate(
        "[...document.querySelectorAll('.world-map-svg a')].every(a => a.tabIndex >= 0)"
    )
    kenya.focus()
    page.screenshot(path=tmp_path / "map-focus.png")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/countries/KEN/$"))
    # The language switcher is a plain form: it works without JavaScript too.
    page.get_by_role("button", name=get_language_info("fr")["name_local"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.screenshot(path=tmp_path / "country-page-french-no-js.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_home_page_total_transfer_is_under_budget(portal, open_as, language):
    page = open_as("/", language=language)
    page.wait_for_load_state("load")
    sizes = page.evaluate(
        """() => [performance.getEntriesByType("navigation")[0],
                  ...performance.getEntriesByType("resource")]
                 .map(e => ({name: e.name, bytes: e.transferSize || e.encodedBodySize}))"""
    )
    total = sum(entry["bytes"] for entry in sizes)
    print(f"home page [{language}]: {total:,} bytes in {len(sizes)} requests: {sizes}")
    assert total < HOME_TRANSFER_BUDGET, sizes
    assert [entry["name"] for entry in sizes if not entry["name"].startswith(portal.url)] == []
