"""Journeys through profiles and the catalogue in a real browser; each saves screenshots under
tmp_path: the focal point's submission, the secretariat's review, a partner's faceted search,
and the profile form completed with the keyboard alone."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from members.models import GdhmComponent, ProfileSubmission
from members.workflow import ReviewStatus
from tests.factories import DEFAULT_PASSWORD, ProfileSubmissionFactory, ReportingCycleFactory

MATURITY_SECTIONS = [f"maturity-{number}" for number in range(1, 8)]


def _log_in(page, portal, user):
    page.goto(f"{portal.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _current_cycle():
    return ReportingCycleFactory(year=timezone.localdate().year)


def test_focal_point_fills_every_section_and_submits(portal, browser, focal_point_kenya, tmp_path):
    assert GdhmComponent.objects.count() == len(MATURITY_SECTIONS)
    _current_cycle()
    page = browser.new_context().new_page()
    _log_in(page, portal, focal_point_kenya)

    page.goto(f"{portal.url}/my-country/")
    page.get_by_role("button", name=re.compile("Start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National strategy")

    page.get_by_label("National strategy").select_option("adopted")
    page.get_by_label("Title of the strategy").fill("Kenya Digital Health Strategy 2022–2027")
    page.get_by_label("First year").fill("2022")
    page.get_by_label("Last year").fill("2027")
    page.get_by_label("Adoption date").fill("2022-03-01")
    page.get_by_label("Responsible ministry or agency").fill("Ministry of Health")
    page.get_by_label("Link to the strategy").fill("https://health.go.ke/strategy.pdf")
    page.get_by_label("The strategy is costed").select_option(label="Yes")
    page.get_by_label("Aligned with the WHO Global Strategy on Digital Health").select_option(
        label="Yes"
    )
    page.screenshot(path=tmp_path / "profile-strategy.png", full_page=True)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Governance")
    for label in [
        "A national digital health coordination body exists",
        "A digital health unit exists in the ministry of health",
        "A data-protection law is in force",
        "A national interoperability framework exists",
    ]:
        page.get_by_label(label).select_option(label="Yes")
    page.get_by_label("Name of the coordination body").fill("Digital Health Steering Committee")
    page.get_by_role("checkbox", name="Health", exact=True).check()
    page.get_by_label("Name of the data-protection law").fill("Data Protection Act")
    page.get_by_label("Year of the data-protection law").fill("2019")
    page.get_by_role("checkbox", name="HL7 FHIR").check()
    page.get_by_role("button", name="Save and continue").click()

    for number in range(1, len(MATURITY_SECTIONS) + 1):
        expect(page).to_have_url(re.compile(rf"/edit/maturity-{number}/$"))
        for indicator in page.locator("fieldset.indicator").all():
            indicator.locator('input[type="radio"][value="3"]').check()
        if number == 1:
            page.screenshot(path=tmp_path / "profile-maturity-1.png", full_page=True)
        page.get_by_role("button", name="Save and continue").click()

    # The last section leads back to the profile, complete and ready to submit.
    submission = ProfileSubmission.objects.get(member_state__iso3="KEN")
    expect(page).to_have_url(re.compile(rf"/profiles/{submission.pk}/$"))
    expect(page.get_by_text("9 of 9 sections complete")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted").first).to_be_visible()
    page.screenshot(path=tmp_path / "profile-submitted.png", full_page=True)
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.SUBMITTED
    assert submission.strategy_title == "Kenya Digital Health Strategy 2022–2027"
    assert submission.answers.filter(phase=3).count() >= 23


def test_secretariat_returns_then_approves_and_the_country_page_shows_it(
    portal, open_as, secretariat, focal_point_kenya, tmp_path
):
    submission = ProfileSubmissionFactory(
        cycle=_current_cycle(), complete=True, phase=3, status=ReviewStatus.SUBMITTED
    )

    # The secretariat finds it in the queue and returns it with a comment.
    page = open_as("/profiles/review/", user=secretariat)
    page.get_by_role("link", name=re.compile("Kenya")).first.click()
    page.get_by_label("Comment to the focal points").fill("Please attach the strategy PDF.")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.get_by_text("Please attach the strategy PDF.").first).to_be_visible()
    page.screenshot(path=tmp_path / "review-returned.png", full_page=True)
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.RETURNED

    # The focal point sees the comment on the dashboard, and resubmits.
    page = open_as("/my-country/", user=focal_point_kenya)
    expect(page.get_by_text("Please attach the strategy PDF.").first).to_be_visible()
    page.screenshot(path=tmp_path / "focal-point-sees-comment.png", full_page=True)
    # Saving a section of the returned profile makes it a draft again, ready to resubmit.
    page.goto(f"{portal.url}/profiles/{submission.pk}/edit/strategy/")
    page.get_by_label("Link to the strategy").fill("https://health.go.ke/strategy.pdf")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"{portal.url}{submission.get_absolute_url()}")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted").first).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.SUBMITTED

    # The secretariat approves it: the public country page shows the profile.
    page = open_as(submission.get_absolute_url(), user=secretariat)
    page.get_by_role("button", name="Approve and publish").click()
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.APPROVED
    page = open_as("/countries/KEN/")
    expect(page.get_by_text(re.compile("Published profile for the"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Scores by GDHM component"))).to_be_visible()
    page.screenshot(path=tmp_path / "country-page-published.png", full_page=True)


def test_partner_searches_the_catalogue_with_facets(portal, open_as, partner, tmp_path):
    from resources import demo as resources_demo

    resources_demo.seed(log=lambda *args: None, count=len(resources_demo.CURATED) + 5)
    page = open_as("/resources/", user=partner)
    page.get_by_label("Search the catalogue").fill("immunization registry FHIR")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=immunization"))
    results = page.locator(".resource-list .resource-item")
    expect(results.first).to_be_visible()
    found = results.count()
    # A facet: the resource type "Standard" (a link that toggles the filter).
    facets = page.get_by_role("complementary", name="Narrow the results")
    facets.get_by_role("link", name=re.compile(r"^Standard")).first.click()
    expect(page).to_have_url(re.compile(r"kind=standard"))
    expect(page).to_have_url(re.compile(r"q=immunization"))
    selected = facets.locator('a[aria-current="true"]')
    expect(selected).to_have_count(1)
    assert 0 < results.count() <= found
    page.screenshot(path=tmp_path / "catalogue-search-facet.png", full_page=True)
    link = page.get_by_role("link", name=re.compile("Digital adaptation kit for immunization"))
    link.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Digital adaptation kit for immunization")
    )
    page.screenshot(path=tmp_path / "resource-detail.png", full_page=True)


def _tab_to(page, selector, *, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reachable with {key}")


def test_profile_form_completed_with_the_keyboard_alone(
    portal, open_as, focal_point_kenya, tmp_path
):
    submission = ProfileSubmissionFactory(cycle=_current_cycle())
    page = open_as(f"/profiles/{submission.pk}/edit/strategy/", user=focal_point_kenya)
    keyboard = page.keyboard

    # Strategy: selects change with the arrow keys, text is typed.
    _tab_to(page, "#id_strategy_status")
    for _ in range(3):  # ---------, No national strategy, In development, Adopted
        keyboard.press("ArrowDown")
    expect(page.locator("#id_strategy_status")).to_have_value("adopted")
    _tab_to(page, "#id_strategy_title")
    keyboard.type("National Digital Health Strategy")
    _tab_to(page, "#id_strategy_start_year")
    keyboard.type("2022")
    _tab_to(page, "#id_strategy_end_year")
    keyboard.type("2027")
    _tab_to(page, "#id_strategy_adopted_on")
    keyboard.type("03012022")  # the date field's segments (month, day, year in en-US)
    _tab_to(page, "#id_strategy_responsible_body")
    keyboard.type("Ministry of Health")
    _tab_to(page, "#id_strategy_url")
    keyboard.type("https://health.go.ke/strategy")
    for name in ["#id_strategy_is_costed", "#id_strategy_aligned_with_global_strategy"]:
        _tab_to(page, name)
        keyboard.press("ArrowDown")  # Unknown → Yes
    # Shift+Tab back to check a field, then on to "Save and continue".
    _tab_to(page, "#id_strategy_title", backwards=True)
    expect(page.locator("#id_strategy_title")).to_have_value("National Digital Health Strategy")
    _tab_to(page, 'button[name="save_next"]')
    page.screenshot(path=tmp_path / "keyboard-strategy.png", full_page=True)
    keyboard.press("Enter")

    # Governance: selects with the arrows, checkboxes with Space.
    expect(page).to_have_url(re.compile(r"/edit/governance/$"))
    for name, text in [
        ("#id_coordination_body_exists", None),
        ("#id_coordination_body_name", "Digital Health Steering Committee"),
        ('#id_coordination_ministries input[value="health"]', " "),
        ("#id_digital_health_unit_exists", None),
        ("#id_data_protection_law_in_force", None),
        ("#id_data_protection_law_name", "Data Protection Act"),
        ("#id_data_protection_law_year", "2019"),
        ("#id_interoperability_framework_exists", None),
        ('#id_standards_adopted input[value="hl7_fhir"]', " "),
    ]:
        _tab_to(page, name)
        if text is None:
            keyboard.press("ArrowDown")  # Unknown → Yes
        elif text == " ":
            keyboard.press("Space")
        else:
            keyboard.type(text)
    expect(page.locator('#id_standards_adopted input[value="hl7_fhir"]')).to_be_checked()
    _tab_to(page, 'button[name="save_next"]')
    keyboard.press("Enter")

    # Each maturity section: Tab into an indicator's radio group, Space picks phase 1 and
    # ArrowRight moves to phase 2 then phase 3 (arrows move the choice within a group).
    for number in range(1, 8):
        expect(page).to_have_url(re.compile(rf"/edit/maturity-{number}/$"))
        groups = page.locator("fieldset.phases").count()
        for index in range(groups):
            radio = f"fieldset.phases >> nth={index}"
            first = page.locator(radio).locator('input[type="radio"]').first
            first_id = first.get_attribute("id")
            _tab_to(page, f"#{first_id}")
            keyboard.press("Space")
            keyboard.press("ArrowRight")
            keyboard.press("ArrowRight")
        if number == 1:
            page.screenshot(path=tmp_path / "keyboard-maturity-1.png", full_page=True)
        _tab_to(page, 'button[name="save_next"]')
        keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/profiles/{submission.pk}/$"))
    expect(page.get_by_text("9 of 9 sections complete")).to_be_visible()
    _tab_to(page, "form[action$='/submit/'] button")
    keyboard.press("Enter")
    expect(page.get_by_text("Submitted").first).to_be_visible()
    page.screenshot(path=tmp_path / "keyboard-submitted.png", full_page=True)
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.SUBMITTED
    assert str(submission.strategy_adopted_on) == "2022-03-01"
    assert submission.strategy_is_costed is True
    assert submission.standards_adopted == ["hl7_fhir"]
    assert set(submission.answers.values_list("phase", flat=True)) == {3}


# Whether a chart's text reads normally: the chart's mirroring times the text's own is no flip.
READS_NORMALLY = """(text) => {
    const chart = text.closest("svg");
    const matrix = new DOMMatrix(getComputedStyle(chart).transform)
        .multiply(new DOMMatrix(getComputedStyle(text).transform));
    return matrix.a > 0;
}"""


def test_charts_mirror_in_arabic_with_their_labels_readable(portal, open_as, portal_data, tmp_path):
    """In Arabic the charts mirror: the labels sit to the right of the bars, which grow
    leftwards, inside the view box; each label still reads normally. In English, the other way."""
    for language in ("en", "ar"):
        page = open_as("/countries/KEN/", language=language)
        chart = page.locator(".maturity-svg")
        chart.scroll_into_view_if_needed()
        text = chart.locator("text.chart-label").first
        label, bar, box = (
            text.bounding_box(),
            chart.locator("rect.chart-bar").first.bounding_box(),
            (chart.bounding_box()),
        )
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
        if language == "ar":
            assert bar["x"] + bar["width"] <= label["x"] + 1, (bar, label)
        else:
            assert label["x"] + label["width"] <= bar["x"] + 1, (bar, label)
        assert text.evaluate(READS_NORMALLY), language
        page.screenshot(path=tmp_path / f"maturity-chart-{language}.png", full_page=True)

    page = open_as(f"/investments/plans/{portal_data.plan}/", language="ar")
    chart = page.locator(".bar-chart")
    box = chart.bounding_box()
    ranks = chart.locator("g text").all()
    assert ranks
    for rank in ranks:
        label = rank.bounding_box()
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
        assert label["x"] > box["x"] + box["width"] / 2  # the ranks are on the right
        assert rank.evaluate(READS_NORMALLY)
    page.screenshot(path=tmp_path / "plan-chart-arabic.png", full_page=True)
