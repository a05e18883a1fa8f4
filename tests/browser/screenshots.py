"""`make screenshots`: the portal's main pages as a reviewer sees them, written as PNG files.

Not part of `make test` (the file name does not start with `test_`; pytest collects it when it is
named on the command line, as the Makefile does). It runs like the browser tests: a live server
on the test database, Debian's Chromium through Playwright, and the demo data of `make run`
(`manage.py seed_demo`, which also publishes last month's transparency reports). Each page is
captured whole, in English and Arabic, at 1280 px and on a 375 px phone, into SCREENSHOTS_DIR
(`screenshots/` by default, git-ignored) as `<language>-<width>-<page>.png`.
"""

import io
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from .conftest import REPOSITORY, _goto

SCREENSHOTS_DIR = Path(os.environ.get("SCREENSHOTS_DIR") or REPOSITORY / "screenshots")
LANGUAGES = ("en", "ar")
VIEWPORTS = ({"width": 1280, "height": 800}, {"width": 375, "height": 740})


def _demo_pages():
    """Name → path of the pages to capture, read from the demo data."""
    from investments.models import InvestmentPlan, TransparencyReport

    plan = InvestmentPlan.objects.filter(member_state__iso3="KEN", status="approved").first()
    plan = plan or InvestmentPlan.objects.filter(status="approved").order_by("pk").first()
    report = TransparencyReport.objects.filter(scope="global").order_by("-period").first()
    return {
        "home": "/",
        "country": "/countries/KEN/",
        "catalogue-search": "/resources/?q=immunization+registry",
        "plan": plan.get_absolute_url(),
        "funding-overview": "/investments/",
        "report": f"/reports/{report.scope}/{report.period}/r{report.revision}/",
    }


def test_write_screenshots(portal, browser):
    # The test database, never a production one: --force lifts the DEBUG-off guard.
    call_command("seed_demo", force=True, stdout=io.StringIO())
    pages = _demo_pages()
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for language in LANGUAGES:
        for viewport in VIEWPORTS:
            context = browser.new_context(viewport=viewport)
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": portal.url}]
            )
            page = context.new_page()
            for name, path in pages.items():
                _goto(page, portal, path)
                assert page.locator("html").get_attribute("lang") == language, path
                target = SCREENSHOTS_DIR / f"{language}-{viewport['width']}-{name}.png"
                page.screenshot(path=target, full_page=True)
                written.append(target)
            context.close()
    assert all(path.stat().st_size > 0 for path in written)
    print(f"\n{len(written)} screenshots in {SCREENSHOTS_DIR}")
