"""The profile form as a user sees it, at 1280 px and on a 375 px phone, in English and Arabic:
each label above its input and its hint between them, legends inside their fieldsets, the
sections beside the form (wide) or above it (narrow), nothing wider than the page, 0 axe
violations; and the error summaries, focused when they appear, whose links reach the fields.
The plan and commitment forms, drawn by the same field template, are held to the same layout."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

SECTIONS = ["strategy", "governance", *(f"maturity-{n}" for n in range(1, 8))]
WIDTHS = {"desktop": 1280, "phone": 375}

# [problem, …] for the page's form fields and fieldsets: a caption (label or legend) not above
# its controls, a hint not between them, a legend outside its fieldset's border box.
LAYOUT_PROBLEMS = """() => {
    const box = e => e.getBoundingClientRect();
    const name = e => e.id || e.name || e.textContent.trim().slice(0, 40);
    const problems = [];
    const fields = [...document.querySelectorAll("form .field")];
    if (!fields.length) problems.push("no .field on the page");
    for (const field of fields) {
        const caption = field.querySelector(":scope > label, :scope > fieldset > legend");
        const controls = [...field.querySelectorAll("input, select, textarea")];
        if (!caption || !controls.length) {
            problems.push("incomplete field " + name(field));
            continue;
        }
        const below = box(caption).bottom;
        for (const control of controls) {
            if (box(control).top < below - 1) problems.push("caption not above " + name(control));
        }
        const hint = field.querySelector(":scope .helptext");
        if (hint && (box(hint).top < below - 1 || box(hint).bottom > box(controls[0]).top + 1)) {
            problems.push("hint not between caption and input: " + name(controls[0]));
        }
    }
    for (const fieldset of document.querySelectorAll("form fieldset")) {
        const legend = fieldset.querySelector(":scope > legend");
        if (!legend) continue;
        const outer = box(fieldset), inner = box(legend);
        const border = parseFloat(getComputedStyle(fieldset).borderTopWidth);
        if (inner.top < outer.top + border - 0.5 || inner.left < outer.left - 0.5
            || inner.right > outer.right + 0.5 || inner.bottom > outer.bottom + 0.5) {
            problems.push("legend outside its fieldset: " + name(legend));
        }
    }
    return problems;
}"""


def _overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _sections_beside_or_above(page, width, language):
    steps = page.locator("nav.section-steps").bounding_box()
    form = page.locator("form.profile-form").bounding_box()
    if width >= 1000:  # a sidebar: the sections start the line (right in Arabic)
        if language == "ar":
            assert steps["x"] >= form["x"] + form["width"] - 1
        else:
            assert steps["x"] + steps["width"] <= form["x"] + 1
    else:  # numbered steps above the form, each a target of at least 24 × 24 px
        assert steps["y"] + steps["height"] <= form["y"] + 1
        for link in page.locator("ol.steps a").all():
            target = link.bounding_box()
            assert target["width"] >= 24 and target["height"] >= 24
    current = page.locator('ol.steps a[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current.locator(".step-number")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_profile_form_layout_at_desktop_and_phone_widths(
    browse, portal_data, focal_point_kenya, language, tmp_path
):
    problems = {}
    for device, width in WIDTHS.items():
        for section in SECTIONS:
            page = browse(
                f"/profiles/{portal_data.draft}/edit/{section}/",
                language=language,
                user=focal_point_kenya,
                axe=True,
            )
            page.set_viewport_size({"width": width, "height": 800})
            found = page.evaluate(LAYOUT_PROBLEMS)
            if _overflow(page) > 0:
                found.append(f"page {_overflow(page)} px wider than the viewport")
            violations = axe_violations(page)
            if violations:
                found.append(violations)
            _sections_beside_or_above(page, width, language)
            page.screenshot(path=tmp_path / f"{language}-{width}-{section}.png", full_page=True)
            if found:
                problems[f"{device} {section}"] = found
    assert problems == {}, f"{language}: {problems}"


@pytest.mark.parametrize("width", WIDTHS.values())
def test_a_refused_save_focuses_the_summary_whose_link_reaches_the_field(
    open_as, portal_data, focal_point_kenya, width, tmp_path
):
    page = open_as(
        f"/profiles/{portal_data.draft}/edit/maturity-1/", user=focal_point_kenya, bypass_csp=True
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.locator("#id_2-source_url").fill("not a link")
    page.get_by_role("button", name="Save", exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    page.screenshot(path=tmp_path / f"refused-save-{width}.png")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    assert _overflow(page) <= 0
    assert axe_violations(page) == []
    summary.get_by_role("link", name=re.compile("Source link")).click()
    expect(page).to_have_url(re.compile(r"#id_2-source_url$"))
    field = page.locator("#id_2-source_url")
    expect(field).to_be_in_viewport()
    page.screenshot(path=tmp_path / f"refused-save-field-{width}.png")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Enter a valid URL"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_refused_submit_lists_each_missing_answer_with_a_link_to_it(
    open_as, portal_data, focal_point_kenya, language
):
    page = open_as(
        f"/profiles/{portal_data.draft}/",
        language=language,
        user=focal_point_kenya,
        bypass_csp=True,
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.locator("form[action$='/submit/'] button").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert _overflow(page) <= 0
    # axe at 1280 px: at 375 px the page's wide score table is the "tables that fit" part of
    # the issue (scrollable-region-focusable), not this form's.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    links = summary.get_by_role("link")
    assert links.count() > 20
    last = links.last
    href = last.get_attribute("href")
    last.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    target = page.locator("#" + href.split("#")[1])
    expect(target).to_be_in_viewport()
    expect(target).to_have_attribute("type", "radio")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_plan_and_commitment_forms_share_the_layout(
    browse, portal_data, focal_point_kenya, partner, language
):
    from tests.factories import InvestmentPlanFactory

    draft = InvestmentPlanFactory()  # Kenya's, a draft
    forms = [
        (f"/investments/plans/{draft.pk}/edit/", focal_point_kenya),
        (f"/investments/plans/{portal_data.plan}/commit/", partner),
    ]
    problems = {}
    for path, user in forms:
        for width in WIDTHS.values():
            page = browse(path, language=language, user=user, axe=True)
            page.set_viewport_size({"width": width, "height": 800})
            if "commit" in path:  # a refused pledge: the summary and the errors in place
                page.locator("#id_amount").fill("")
                page.locator("form.stacked-form button[type=submit]").click()
                expect(page.locator(".error-summary")).to_be_focused()
            found = page.evaluate(LAYOUT_PROBLEMS)
            if _overflow(page) > 0:
                found.append(f"page {_overflow(page)} px wider than the viewport")
            found += axe_violations(page)
            if found:
                problems[f"{width} {path}"] = found
    assert problems == {}, f"{language}: {problems}"
