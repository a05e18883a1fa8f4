"""axe-core (WCAG 2.1 A and AA) finds zero violations on every page in all six languages.

To cover a new page, add a row to PAGES: a name, the path, and the cast member (a fixture of
tests/conftest.py) who must be logged in, or None for a public page. A path may depend on data a
fixture creates: name the fixture in `needs` and write the path with `{placeholders}` filled from
that fixture's attributes, e.g. PageCase("plan page", "/plans/{pk}/", needs="published_plan").

One test per language visits every page (a live-server test costs a database reload, so one per
page and language would be slow); the failure message lists every page with its violations.
"""

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


PAGES = [
    PageCase("home", "/"),
    PageCase("country list", "/countries/?region=AFR"),
    PageCase("country list, no match", "/countries/?q=zzz"),
    PageCase("country page", "/countries/KEN/"),
    PageCase("login", "/accounts/login/"),
    PageCase("password reset", "/accounts/password_reset/"),
    PageCase("account", "/account/", user="focal_point_kenya"),
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
    from investments import report_services
    from investments.models import ReportRun, TransparencyReport
    from investments.reports import Period

    run = ReportRun.objects.create(
        period=str(Period.last_complete()), publish=True, trigger=ReportRun.Trigger.COMMAND
    )
    report_services.generate_period(run=run)
    return TransparencyReport.objects.get(scope="global", period=run.period)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_have_no_accessibility_violations(request, open_as, language):
    counts, failures = {}, {}
    for case in PAGES:
        user = request.getfixturevalue(case.user) if case.user else None
        path = case.path
        if case.needs:
            path = path.format_map(vars(request.getfixturevalue(case.needs)))
        page = open_as(path, language=language, user=user)
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        counts[case.name] = len(violations)
        if violations:
            failures[case.name] = violations
        page.close()
    print(f"axe violations [{language}]: {counts}")
    assert failures == {}, f"{language}: {failures}"
