"""axe-core (WCAG 2.1 A and AA) finds zero violations, and no page scrolls sideways, on every page
a visitor or one of the four demo roles reaches, in all six languages at 1280 px and in English
and Arabic on a 375 px phone.

To cover a new page, add a row to PAGES: a name, the path, and the cast member (a fixture of
tests/conftest.py) who must be logged in, or None for a public page. A path may depend on data a
fixture creates: name the fixture in `needs` and write the path with `{placeholders}` filled from
that fixture's attributes, e.g. PageCase("plan page", "/plans/{pk}/", needs="published_plan").
A page drawn by a script (Swagger UI) names the selector to wait for in `ready`.
`test_pages_cover_every_page_reachable_from_home` fails when a link leads to a page of a kind
PAGES does not list.

One test per language visits every page (a live-server test costs a database reload, so one per
page and language would be slow), in one browser page per user (`browse`); in English and Arabic
the same loaded page is then narrowed to a phone's width and checked again. The failure message
lists every page with its violations and overflows.
"""

import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from tests.test_crawl import followed, links_of, pattern_of, same_site

from .conftest import axe_violations


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str
    user: str | None = None  # the fixture name of the logged-in user
    needs: str | None = None  # a fixture whose attributes fill the path's placeholders
    status: int = 200  # the HTTP status the page answers with
    ready: str | None = None  # a selector that appears once the page's script has drawn it
    first_screen: str | None = None  # a selector that must start on a phone's first screen
    targets: str | None = None  # a selector of links that must be 24 × 24 px at least on a phone


SECTIONS = ["strategy", "governance", *(f"maturity-{n}" for n in range(1, 8))]
PAGES = [
    PageCase("home", "/", targets=".map-small-states a"),
    PageCase("country list", "/countries/?region=AFR"),
    PageCase("country list, no match", "/countries/?q=zzz"),
    PageCase("country page", "/countries/KEN/", needs="portal_data"),
    PageCase("peers to learn from", "/countries/KEN/peers/", needs="portal_data"),
    PageCase(
        "peer exchange request",
        "/peer-exchanges/new/NGA/1/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase(
        "pending peer exchange",
        "/peer-exchanges/{pending_exchange}/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase("ongoing peer exchange", "/peer-exchanges/{accepted_exchange}/", needs="portal_data"),
    PageCase("scorecard", "/countries/KEN/scorecard/", needs="portal_data"),
    PageCase("login", "/accounts/login/"),
    # The code step without a password step first: back to the login with a flash message.
    PageCase("login with a message", "/accounts/login/code/"),
    PageCase("page not found", "/no-such-page/", status=404),
    PageCase("password reset", "/accounts/password_reset/"),
    PageCase("password change", "/accounts/password_change/", user="partner"),
    PageCase("API documentation", "/api/v1/docs/", ready=".swagger-ui .opblock"),
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
        for section in SECTIONS
    ),
    PageCase("profile page", "/profiles/{draft}/", user="focal_point_kenya", needs="portal_data"),
    PageCase(
        "profile versions",
        "/profiles/{published}/versions/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase("review queue", "/profiles/review/", user="secretariat", needs="portal_data"),
    PageCase("profile review", "/profiles/{submitted}/", user="secretariat", needs="portal_data"),
    # Catalogue: a search with a facet applied, a resource, the proposal form, curation.
    PageCase("catalogue", "/resources/", needs="portal_data"),
    PageCase(
        "catalogue search + facet",
        "/resources/?q=immunization+registry+FHIR&kind=standard",
        needs="portal_data",
        first_screen=".resource-item",
    ),
    PageCase("catalogue, no match", "/resources/?q=zzzzqqq", needs="portal_data"),
    PageCase("resource detail", "/resources/{resource}/", needs="portal_data"),
    PageCase("proposal form", "/resources/propose/", user="partner", needs="portal_data"),
    PageCase("curation queue", "/resources/curation/", user="secretariat", needs="portal_data"),
    # Investments: overview, all plans, needs tracker, partners, a plan page, the forms.
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
    PageCase("offers that fit", "/investments/priorities/{priority}/matches/", needs="portal_data"),
    PageCase(
        "offers that fit (focal point)",
        "/investments/priorities/{priority}/matches/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase(
        "invitations (partner)", "/investments/invitations/", user="partner", needs="portal_data"
    ),
    PageCase("plan page", "/investments/plans/{plan}/", needs="portal_data"),
    PageCase("plan's commitments", "/investments/plans/{plan}/commitments/", needs="portal_data"),
    PageCase("global dataset", "/data/", needs="dataset_files"),
    PageCase(
        "plan page (focal point)",
        "/investments/plans/{draft_plan}/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase(
        "plan page (partner)", "/investments/plans/{plan}/", user="partner", needs="portal_data"
    ),
    PageCase("plan form", "/investments/plans/new/", user="focal_point_kenya", needs="portal_data"),
    PageCase(
        "plan form, editing",
        "/investments/plans/{draft_plan}/edit/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase(
        "priority form",
        "/investments/plans/{draft_plan}/priorities/new/",
        user="focal_point_kenya",
        needs="portal_data",
    ),
    PageCase(
        "commitment form",
        "/investments/plans/{plan}/commit/",
        user="partner",
        needs="portal_data",
    ),
    PageCase(
        "commitment page",
        "/investments/commitments/{commitment}/",
        user="partner",
        needs="portal_data",
    ),
    PageCase(
        "commitment progress form",
        "/investments/commitments/{commitment}/advance/",
        user="partner",
        needs="portal_data",
    ),
    PageCase(
        "verification queue",
        "/investments/verification/",
        user="secretariat",
        needs="portal_data",
    ),
    # Offers: the public list (filtered), an offer's page, the partner's own offers and form.
    PageCase("offers", "/offers/", needs="portal_data"),
    PageCase("offers, filtered", "/offers/?region=AFR&kind=cash&year=2026", needs="portal_data"),
    PageCase("offers, no match", "/offers/?q=zzzzqqq", needs="portal_data"),
    PageCase("offer page", "/offers/{offer}/", needs="portal_data"),
    PageCase("offer page (partner)", "/offers/{draft_offer}/", user="partner", needs="portal_data"),
    PageCase("your organization's offers", "/offers/mine/", user="partner", needs="portal_data"),
    PageCase("offer form", "/offers/new/", user="partner", needs="portal_data"),
    PageCase("offer form, editing", "/offers/{offer}/edit/", user="partner", needs="portal_data"),
    # Transparency reports: the archive and one published report.
    # Follows and the digest's unsubscribe link (opened from an e-mail, without a session).
    PageCase("following", "/account/following/", user="focal_point_kenya", needs="follows_data"),
    PageCase("digest unsubscribe", "/digest/unsubscribe/{token}/", needs="follows_data"),
    PageCase("digest unsubscribe, link not valid", "/digest/unsubscribe/nonsense/", status=400),
    PageCase("transparency reports", "/reports/", needs="transparency_report"),
    PageCase(
        "transparency report",
        "/reports/{scope}/{period}/r{revision}/",
        needs="transparency_report",
    ),
    # The admin pages the secretariat uses daily: the index, lists and change forms.
    PageCase("admin", "/admin/", user="secretariat"),
    PageCase("admin: organizations", "/admin/members/organization/", user="secretariat"),
    PageCase("admin: member state", "/admin/members/memberstate/KEN/change/", user="secretariat"),
    PageCase(
        "admin: profile submissions",
        "/admin/members/profilesubmission/",
        user="secretariat",
        needs="portal_data",
    ),
    PageCase(
        "admin: profile submission",
        "/admin/members/profilesubmission/{draft}/change/",
        user="secretariat",
        needs="portal_data",
    ),
    PageCase(
        "admin: resources", "/admin/resources/resource/", user="secretariat", needs="portal_data"
    ),
    PageCase(
        "admin: resource",
        "/admin/resources/resource/{resource_pk}/change/",
        user="secretariat",
        needs="portal_data",
    ),
    PageCase(
        "admin: investment plan",
        "/admin/investments/investmentplan/{plan}/change/",
        user="secretariat",
        needs="portal_data",
    ),
    PageCase(
        "admin: offer",
        "/admin/investments/offer/{offer}/change/",
        user="secretariat",
        needs="portal_data",
    ),
    PageCase(
        "admin: commitment",
        "/admin/investments/commitment/{commitment}/change/",
        user="secretariat",
        needs="portal_data",
    ),
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE_LANGUAGES = ("en", "ar")
DESKTOP = {"width": 1280, "height": 720}  # Playwright's default viewport: each page loads at it
PHONE = {"width": 375, "height": 740}
REFLOW_WIDTH = 320  # CSS px: WCAG 2.1 1.4.10, content reflows without scrolling in two directions

OVERFLOW = """() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) { return null; }
    const limit = root.clientWidth;
    return [root.scrollWidth, [...document.querySelectorAll("body *")]
        .filter(e => { const r = e.getBoundingClientRect();
                       return r.width && (r.right > limit + 1 || r.left < -1); })
        .filter(e => !e.closest(".visually-hidden, .skip-link"))
        .slice(0, 5).map(e => e.tagName + "." + e.className)];
}"""


# The tables that scroll sideways inside their region (.table-scroll): none should at 1280 px.
CLIPPED_TABLES = """() => [...document.querySelectorAll(".table-scroll")]
    .filter(region => region.scrollWidth > region.clientWidth + 1)
    .map(region => region.getAttribute("aria-labelledby") || region.getAttribute("aria-label"))"""


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


def _user_and_path(request, case):
    user = request.getfixturevalue(case.user) if case.user else None
    path = case.path
    if case.needs:
        path = path.format_map(vars(request.getfixturevalue(case.needs)))
    return user, path


def _problems(page, width):
    """The page's axe violations and its sideways overflow at the current width."""
    problems = {}
    violations = axe_violations(page)
    if violations:
        problems[f"axe at {width}"] = violations
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        problems[f"overflow at {width}"] = overflow
    return problems


PHONE_HEADER = 120  # CSS px: the most a page's header may take of a 740 px phone screen
TARGET = 24  # CSS px: WCAG 2.2 2.5.8, the least width and height of a target


def _phone_problems(page, case):
    """At a phone's width: a header that takes more than PHONE_HEADER, the case's first-screen
    element below the first screen, a target of the case smaller than TARGET."""
    problems = {}
    header = page.locator(".site-header")
    if header.count() and header.bounding_box()["height"] > PHONE_HEADER:
        problems["header at 375"] = header.bounding_box()["height"]
    if case.first_screen:
        top = page.locator(case.first_screen).first.bounding_box()["y"]
        if top > PHONE["height"]:
            problems["below the first screen"] = top
    if case.targets:
        sizes = page.locator(case.targets).evaluate_all(
            "links => links.map(l => [l.textContent, l.offsetWidth, l.offsetHeight])"
        )
        small = [size for size in sizes if min(size[1:]) < TARGET]
        if not sizes or small:
            problems["targets under 24 px"] = small or "none found"
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_have_no_accessibility_violations(request, browse, language, tmp_path):
    counts, failures = {}, {}
    for case in PAGES:
        user, path = _user_and_path(request, case)
        page = browse(path, language=language, user=user, axe=True, status=case.status)
        if case.ready:
            page.locator(case.ready).first.wait_for(timeout=15_000)
        problems = _problems(page, DESKTOP["width"])
        clipped = page.evaluate(CLIPPED_TABLES)
        if clipped:  # a table whose columns do not all fit the desktop page
            problems["table scrolls at 1280"] = clipped
        if page.locator("html").get_attribute("lang") != language:
            problems["lang"] = page.locator("html").get_attribute("lang")
        if language in PHONE_LANGUAGES:
            page.set_viewport_size(PHONE)
            problems |= _problems(page, PHONE["width"])
            problems |= _phone_problems(page, case)
            page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems[f"overflow at {REFLOW_WIDTH}"] = overflow
            if language == "ar" and not path.startswith("/api/"):
                # The layout mirrors: the main heading starts on the right.
                heading = page.locator("h1").first.bounding_box()
                if heading["x"] + heading["width"] <= REFLOW_WIDTH / 2:
                    problems["not mirrored"] = heading
            page.set_viewport_size(DESKTOP)  # the next page loads at the desktop size
        counts[case.name] = sum(len(found) for found in problems.values())
        if problems:
            failures[case.name] = problems
    print(f"problems [{language}]: {counts}")
    (tmp_path / "axe-counts.json").write_text(json.dumps({language: counts}))
    assert failures == {}, f"{language}: {json.dumps(failures, indent=1, ensure_ascii=False)}"


# Reached from a page but not pages of their own: downloads, redirects to a form's result, the
# API's JSON (its documentation page is in PAGES) and the admin (its daily pages are in PAGES;
# the other ~40 models' pages are Django's own, alike).
NOT_PAGES = ("/api/v1/", "/admin/", "/static/", "/media/")


def test_pages_cover_every_page_reachable_from_home(
    request, portal_data, transparency_report, focal_point_kenya, partner, secretariat
):
    """Every kind of HTML page (a URL pattern) that a link leads to from the home page, for an
    anonymous visitor and for each demo role, is in PAGES."""
    listed = set()
    for case in PAGES:
        listed.add(pattern_of(_user_and_path(request, case)[1]))
    reached = {}
    for user in (None, focal_point_kenya, partner, secretariat):
        client = Client()
        if user is not None:
            client.force_login(user)
        queue, seen, visited = ["/"], {"/"}, set()
        while queue:
            url = queue.pop(0)
            pattern = pattern_of(url)
            if pattern in visited or url.startswith(NOT_PAGES):
                continue
            visited.add(pattern)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            reached.setdefault(pattern, url)
            for href in links_of(response):
                link = same_site(href, url)
                if link and link not in seen and followed(link, admin=False):
                    seen.add(link)
                    queue.append(link)
    missing = {pattern: url for pattern, url in reached.items() if pattern not in listed}
    assert len(reached) > 20, reached
    assert missing == {}, missing


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


def test_overflow_check_sees_a_page_wider_than_the_window(browse):
    """The control for the overflow check: an element wider than the window is reported."""
    page = browse("/accounts/login/", axe=True)
    assert page.evaluate(OVERFLOW) is None
    page.evaluate(
        """() => { const wide = document.createElement("div");
                   wide.style.width = "2000px";
                   wide.style.height = "1em";
                   document.querySelector("main").append(wide); }"""
    )
    width, culprits = page.evaluate(OVERFLOW)
    assert width >= 2000 and "DIV." in culprits, culprits
