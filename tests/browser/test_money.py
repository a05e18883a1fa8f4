"""A rounded amount shows its exact figure while it has keyboard focus (in place, in
Chromium, in a left-to-right and a right-to-left language), and in its title on hover."""

import pytest


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_rounded_amount_shows_its_exact_figure_on_keyboard_focus(
    open_as, portal_data, language, tmp_path
):
    page = open_as(f"/investments/plans/{portal_data.plan}/", language=language)
    amount = page.locator(".figure-value .money[tabindex='0']").first
    short, exact = amount.locator(".money-short"), amount.locator(".money-exact")
    assert short.is_visible() and exact.bounding_box()["width"] <= 1
    shown_before = amount.inner_text()

    # Tab from the element before it, as a keyboard user would reach it.
    amount.evaluate("element => element.previousElementSibling?.focus?.()")
    page.keyboard.press("Tab")
    for _ in range(40):
        if amount.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert amount.evaluate("element => element === document.activeElement")
    assert not short.is_visible() and exact.bounding_box()["width"] > 20
    assert amount.inner_text() == amount.get_attribute("title") == exact.inner_text()
    assert amount.inner_text() != shown_before
    page.screenshot(path=tmp_path / f"plan-{language}.png")

    page.keyboard.press("Tab")
    assert short.is_visible() and amount.inner_text() == shown_before
