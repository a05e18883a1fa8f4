"""axe-core (WCAG 2.1 A and AA) finds zero violations on every page in all six languages.

To cover a new page, add a row to PAGES: a name, the path, and the cast member (a fixture of
tests/conftest.py) who must be logged in, or None for a public page. A path may depend on data a
fixture creates: name the fixture in `needs` and write the path with `{placeholders}` filled from
that fixture's attributes, e.g. PageCase("plan page", "/plans/{pk}/", needs="published_plan").

One test per language visits every page (a live-server test costs a database reload, so one per
page and language would be slow), in one browser page per user (`browse`); the failure message
lists every page with its violations.
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.conf import settings

from .conftest import axe_violations


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str
    user: str | None = None  # the fixture name of the logged-in user
    needs: str | None = None  # a fixture whose attributes fill the path's placeholders
    status: int = 200  # the HTTP status the page answers with


PAGES = [
    PageCase("home", "/"),
    PageCase("country list", "/countries/?region=AFR"),
    PageCase("country list, no match", "/countries/?q=zzz"),
    PageCase("country page", "/countries/KEN/"),
    PageCase("login", "/accounts/login/"),
    # The code step without a password step first: back to the login with a flash message.
    PageCase("login with a message", "/accounts/login/code/"),
    PageCase("page not found", "/no-such-page/", status=404),
    PageCase("password reset", "/accounts/password_reset/"),
    PageCase("account", "/account/", user="focal_point_kenya"),
    PageCase("two-factor enrolment", "/account/two-factor/", user="secretariat"),
    # Profiles: the focal point's dashboard, every section of the profile form, the review queue.
    PageCase("my country", "/my-country/", user="focal_point_kenya", needs="portal_data"),
    *(
        PageCase(
            f"profile form: {section}",
            f"/profiles/{{draft}}/edit/{section}/",
            user="focal_point_kenya",
            needs="portal_data",
        )
        for section in ["strategy", "governance", *(f"maturity-{n}" for n in range(1, 8))]
    ),
    PageCase("profile page", "/profiles/{draft}/", user="focal_point_kenya", needs="portal_data"),
    PageCase("review queue", "/profiles/review/", user="secretariat", needs="portal_data"),
    # Catalogue: a search with a facet applied, a resource, the proposal form, curation.
    PageCase(
        "catalogue search + facet",
        "/resources/?q=immunization+registry+FHIR&kind=standard",
        needs="portal_data",
    ),
    PageCase("catalogue, no match", "/resources/?q=zzzzqqq", needs="portal_data"),
    PageCase("resource detail", "/resources/{resource}/", needs="portal_data"),
    PageCase("proposal form", "/resources/propose/", user="partner", needs="portal_data"),
    PageCase("curation queue", "/resources/curation/", user="secretariat", needs="portal_data"),
    # Investments: overview, all plans, needs tracker, partners, a plan page.
    PageCase("investments overview", "/investments/", needs="portal_data"),
    PageCase("all investment plans", "/investments/plans/", needs="portal_data"),
    PageCase(
        "all investment plans (secretariat)",
        "/investments/plans/?region=AFR&sort=gap",
        user="secretariat",
        needs="portal_data",
    ),
    PageCase("needs tracker", "/investments/needs/", needs="portal_data"),
    PageCase("partners", "/investments/partners/", needs="portal_data"),
    PageCase("plan page", "/investments/plans/{plan}/", needs="portal_data"),
    PageCase(
        "plan page (focal point)",
        "/investments/plans/{plan}/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    # Transparency reports: the archive and one published report.
    PageCase("transparency reports", "/reports/", needs="transparency_report"),
    PageCase(
        "transparency report",
        "/reports/{scope}/{period}/r{revision}/",
        needs="transparency_report",
    ),
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def transparency_report(portal):
    """Last month's published global report (the demo's way: the generation service)."""
    from investments.models import ReportRun, TransparencyReport
    from investments.reports import services as report_services
    from investments.reports.periods import Period

    run = ReportRun.objects.create(
        period=str(Period.last_complete()), publish=True, trigger=ReportRun.Trigger.COMMAND
    )
    report_services.generate_period(run=run)
    return TransparencyReport.objects.get(scope="global", period=run.period)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_have_no_accessibility_violations(request, browse, language, tmp_path):
    counts, failures = {}, {}
    for case in PAGES:
        user = request.getfixturevalue(case.user) if case.user else None
        path = case.path
        if case.needs:
            path = path.format_map(vars(request.getfixturevalue(case.needs)))
        page = browse(path, language=language, user=user, axe=True, status=case.status)
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        counts[case.name] = len(violations)
        if violations:
            failures[case.name] = violations
    print(f"axe violations [{language}]: {counts}")
    (tmp_path / "axe-counts.json").write_text(json.dumps({language: counts}))
    assert failures == {}, f"{language}: {failures}"


REFLOW_WIDTH = 320  # CSS px: WCAG 2.1 1.4.10, content reflows without scrolling in two directions
DESKTOP = {"width": 1280, "height": 720}  # Playwright's default viewport: each page loads at it


@pytest.mark.parametrize("language", ["ar", "en"])
def test_pages_reflow_at_320_px(request, browse, language, tmp_path):
    """At 320 px nothing makes the page scroll sideways (wide tables scroll inside their own
    region); in Arabic the layout mirrors: the main heading starts on the right."""
    overflowing = {}
    for case in PAGES:
        user = request.getfixturevalue(case.user) if case.user else None
        path = case.path
        if case.needs:
            path = path.format_map(vars(request.getfixturevalue(case.needs)))
        page = browse(path, language=language, user=user, status=case.status)
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > REFLOW_WIDTH:
            overflowing[case.name] = (
                width,
                page.evaluate(
                    """(limit) => [...document.querySelectorAll("body *")]
                        .filter(e => { const r = e.getBoundingClientRect();
                                       return r.right > limit + 1 || r.left < -1; })
                        .filter(e => !e.closest(".visually-hidden, .skip-link"))
                        .slice(0, 5).map(e => e.tagName + "." + e.className)""",
                    REFLOW_WIDTH,
                ),
            )
        if language == "ar":
            heading = page.get_by_role("heading", level=1).bounding_box()
            assert heading["x"] + heading["width"] > REFLOW_WIDTH / 2, case.name
        name = re.sub(r"\W+", "-", case.name)
        page.screenshot(path=tmp_path / f"{language}-{REFLOW_WIDTH}-{name}.png", full_page=True)
        page.set_viewport_size(DESKTOP)  # the next page loads at the desktop size, then shrinks
    print(f"reflow [{language}]: {overflowing}")
    assert overflowing == {}, overflowing


def test_axe_as_browse_loads_it_reports_every_node_of_a_violation(browse):
    """The control for the tests above: axe-core loaded into the page by `browse` (and asked
    for violations only) finds a violation added to a page, with each of its nodes."""
    page = browse("/accounts/login/", axe=True)
    page.evaluate(
        """() => { for (let i = 0; i < 3; i++) {
                       document.body.append(Object.assign(document.createElement("img"),
                                                          {src: "data:,"}));
                   } }"""
    )
    violations = {violation["id"]: violation for violation in axe_violations(page)}
    assert violations["image-alt"]["nodes"] == 3, violations
