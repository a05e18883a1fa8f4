"""The portal's pages under its real Content-Security-Policy (no `bypass_csp`): the browser
reports no violation and the features that need JavaScript still work: the catalogue's
in-place results, Swagger UI, the admin, the world map and the two-factor QR code."""

import datetime
import re

from playwright.sync_api import expect

from members.models import MemberState
from tests.factories import DEFAULT_PASSWORD, approved_profile

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def strict_page(browser):
    """A page in a fresh context that honours the CSP, and the list of violations it reports
    (events on the document and the console's CSP messages)."""
    context = browser.new_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return context, page, console


def violations(page, console):
    return page.evaluate("window.__cspViolations") + console


def test_main_pages_work_under_the_content_security_policy(
    portal, browser, secretariat, partner, tmp_path
):
    from resources import demo as resources_demo

    resources_demo.seed(log=lambda *args: None, count=len(resources_demo.CURATED) + 5)
    approved_profile(member_state=MemberState.objects.get(iso3="KEN"))
    context, page, console = strict_page(browser)
    seen = {}

    # Home page with the world map (inline SVG, no script).
    response = page.goto(f"{portal.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".world-map-svg a")).to_have_count(194)
    seen["home"] = violations(page, console)
    # The control: an injected inline script is refused, and the refusal is seen here.
    page.evaluate(
        """() => { const script = document.createElement("script");
                   script.textContent = "window.__inlineRan = true";
                   document.body.append(script); }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__inlineRan") is None
    assert page.evaluate("window.__cspViolations")[0].startswith("script-src")
    for _ in range(100):  # its console message may come a moment after the event
        if console:
            break
        page.wait_for_timeout(20)
    assert console, "the console reports CSP violations too"
    console.clear()

    # Country page with its charts.
    page.goto(f"{portal.url}/countries/KEN/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    seen["country"] = violations(page, console)

    # Catalogue: a facet link swaps the results in place (catalogue.js), without a reload.
    page.goto(f"{portal.url}/resources/")
    page.evaluate("window.__notReloaded = true")
    facets = page.get_by_role("complementary", name="Narrow the results")
    facets.get_by_role("link", name=re.compile(r"^Standard")).first.click()
    expect(page).to_have_url(re.compile(r"kind=standard"))
    expect(facets.locator('a[aria-current="true"]')).to_have_count(1)
    assert page.evaluate("window.__notReloaded") is True
    seen["catalogue"] = violations(page, console)
    page.screenshot(path=tmp_path / "catalogue-under-csp.png", full_page=True)

    # Swagger UI (the split view: its initialisation script is a file of its own).
    page.goto(f"{portal.url}/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    seen["swagger"] = violations(page, console)
    page.screenshot(path=tmp_path / "swagger-under-csp.png", full_page=True)

    # Admin: its login is the portal's; the index, a list and a change form with their scripts.
    page.goto(f"{portal.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.get_by_label("Email").fill(secretariat.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{portal.url}/admin/")
    page.goto(f"{portal.url}/admin/members/organization/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")
    page.goto(f"{portal.url}/admin/members/memberstate/KEN/change/")
    expect(page.locator("#memberstate_form")).to_be_visible()
    seen["admin"] = violations(page, console)

    # Two-factor enrolment: the QR code is inline SVG.
    page.goto(f"{portal.url}/account/two-factor/")
    expect(page.locator(".qr-figure svg")).to_be_visible()
    page.screenshot(path=tmp_path / "two-factor-enrolment.png", full_page=True)
    seen["two-factor"] = violations(page, console)
    context.close()

    assert {name: found for name, found in seen.items() if found} == {}


def test_login_with_an_authenticator_code_in_the_browser(portal, browser, secretariat, tmp_path):
    from django.utils import timezone
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    context, page, console = strict_page(browser)
    page.goto(f"{portal.url}/accounts/login/")
    page.get_by_label("Email").fill(secretariat.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your authentication code")
    page.screenshot(path=tmp_path / "login-code.png", full_page=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Six-digit code").fill(f"{code:06d}")
    page.get_by_role("button", name="Verify and log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    device.refresh_from_db()
    assert device.last_used_at > timezone.now() - datetime.timedelta(minutes=1)
    assert violations(page, console) == []
    context.close()
