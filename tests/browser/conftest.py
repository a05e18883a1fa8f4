"""Real-browser tests: Playwright for Python driving Debian's Chromium, axe-core from npm.

Nothing is downloaded at test time: Chromium is the system package (`make test` installs it with
apt-get when it runs as root) and axe-core comes from `npm install` (package.json pins it). When
either is missing the tests are skipped with the reason; with REQUIRE_BROWSER=1 (set by .ci/run)
they fail instead, so CI can't pass without them.
"""

import os
import shutil
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing_tools():
    missing = []
    if not (CHROMIUM.exists() or shutil.which("chromium")):
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    if not AXE_JS.exists():
        missing.append(f"{AXE_JS.relative_to(REPOSITORY)} (npm install)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install '.[dev]')")
    return missing


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [item for item in items if here in Path(item.path).parents]
    missing = _missing_tools()
    if not browser_items or not missing:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        return  # _require_browser_tools fails them instead
    reason = "browser tests need " + ", ".join(missing)
    print(f"\nSkipping {len(browser_items)} browser tests: {reason}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _require_browser_tools():
    """With REQUIRE_BROWSER=1 a missing tool is an error, not a skip (autouse: runs before
    Playwright tries to launch anything)."""
    missing = _missing_tools()
    if missing:
        pytest.fail("REQUIRE_BROWSER=1 but browser tests need " + ", ".join(missing), pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's launch uses a new temporary profile directory: every session starts fresh.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def portal(migrated_rows, live_server):
    """The live server, with the member states and regions back for each test (the live
    server's `transactional_db` empties the tables)."""
    return live_server


def _new_context(browser, portal, *, language, user, bypass_csp):
    """A browser context with Django's language cookie for `language` and, when `user` is
    given, a session cookie logging them in."""
    from django.conf import settings
    from django.test import Client

    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": portal.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": portal.url})
    context = browser.new_context(bypass_csp=bypass_csp)
    context.add_cookies(cookies)
    return context


def _goto(page, portal, path, status=200):
    response = page.goto(f"{portal.url}{path}")
    assert response.status == status, f"{path}: HTTP {response.status}"
    return page


@pytest.fixture
def open_as(portal, browser):
    """`open_as(path, language="en", user=None, bypass_csp=False)`: a page of the live portal,
    in `language` (Django's language cookie) and logged in as `user` (a session cookie) when
    given, each in a fresh browser context (no cookie is shared between two calls).
    `bypass_csp=True` lets `axe_violations` inject axe-core, which the portal's
    Content-Security-Policy refuses (test_content_security_policy.py checks the pages with it)."""
    contexts = []

    def open_page(path, *, language="en", user=None, bypass_csp=False):
        context = _new_context(browser, portal, language=language, user=user, bypass_csp=bypass_csp)
        contexts.append(context)
        return _goto(context.new_page(), portal, path)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def browse(portal, browser):
    """`browse(path, language="en", user=None, axe=False, status=200)`: for tests that go
    through a list of pages (`status`: the HTTP status expected). Like `open_as`, but one
    browser page per (language, user) is kept for the test and navigated to each path: a
    fresh context and page cost more than the visit itself.
    Cookies are still never shared between two users or two languages. `axe=True` bypasses
    the CSP and loads axe-core into every document before its own scripts (for
    `axe_violations`; one compiled copy per page instead of one injection per visit)."""
    pages = {}

    def visit(path, *, language="en", user=None, axe=False, status=200):
        key = (language, user.pk if user is not None else None, axe)
        if key not in pages:
            context = _new_context(browser, portal, language=language, user=user, bypass_csp=axe)
            if axe:
                context.add_init_script(path=AXE_JS)
            pages[key] = context.new_page()
        return _goto(pages[key], portal, path, status)

    yield visit
    for page in pages.values():
        page.context.close()


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page: [{id, impact, nodes, targets}].
    axe-core is injected unless the page has it already (`browse(..., axe=True)`). Only the
    violations are wanted: `resultTypes` spares axe building selectors for every passing
    node (each violation keeps all its nodes)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, nodes: v.nodes.length,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }""",
        WCAG21_AA,
    )


@pytest.fixture
def portal_data(portal, kenya, france, secretariat, partner):
    """Realistic content for the profiles, catalogue and investments pages: Kenya's draft
    profile of the current cycle (for its focal point), France's submitted one (in the
    secretariat's review queue), a published Kenyan profile of last year, an approved Kenyan
    investment plan with costed priorities and verified commitments, and the demo catalogue's
    curated resources. Attributes fill the `{placeholders}` of test_accessibility's PAGES."""
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from investments.models import Invitation, Offer
    from members.workflow import ReviewStatus
    from resources import demo as resources_demo
    from tests.factories import (
        CommitmentFactory,
        InvestmentPlanFactory,
        OfferFactory,
        PriorityCostFactory,
        PriorityFactory,
        ProfileSubmissionFactory,
        ReportingCycleFactory,
        approved_profile,
    )

    year = timezone.localdate().year
    cycle = ReportingCycleFactory(year=year)
    published = approved_profile(member_state=kenya, year=year - 1)
    # Kenya's peers (it is at phase 3): four at phase 4–5, so the country page links to all;
    # one pending and one accepted peer exchange with the nearest.
    from members.models import MemberState, PeerExchangeRequest

    peers = MemberState.objects.in_bulk(["NGA", "UGA", "IND", "BRA"])
    for iso3, phase in (("NGA", 5), ("UGA", 4), ("IND", 4), ("BRA", 5)):
        approved_profile(member_state=peers[iso3], year=year - 1, phase=phase)
    exchange = {"from_member_state": kenya, "to_member_state": peers["NGA"], "indicator_id": "1"}
    pending_exchange = PeerExchangeRequest.objects.create(
        **exchange, topic="Coordination body", message="How did you set it up?"
    )
    accepted_exchange = PeerExchangeRequest.objects.create(
        **exchange,
        topic="Learning from your roll-out",
        message="A call with your team, please.",
        status=PeerExchangeRequest.Status.ACCEPTED,
        responded_at=timezone.now(),
    )
    draft = ProfileSubmissionFactory(member_state=kenya, cycle=cycle)
    submitted = ProfileSubmissionFactory(
        member_state=france, cycle=cycle, complete=True, phase=3, status=ReviewStatus.SUBMITTED
    )
    plan = InvestmentPlanFactory(member_state=kenya, status=ReviewStatus.APPROVED)
    for rank, title in enumerate(["Electronic immunization registry", "Health workforce"], 1):
        priority = PriorityFactory(plan=plan, rank=rank, title=title)
        for offset in range(3):
            PriorityCostFactory(priority=priority, year=2024 + offset, amount="1250000.00")
        commitment = CommitmentFactory(
            plan=plan,
            organization=partner.organization,
            recorded_by=partner,
            priority=priority,
            pledged_amount="800000.00",
            verified_at=timezone.make_aware(datetime.datetime(2024, 4, 1)),
            verified_by=secretariat,
        )
    # An open offer of the partner that fits the priorities (their GDHM component), and a
    # pending invitation to the last one: the matches and invitations pages.
    offer = Offer.objects.create(
        organization=partner.organization,
        title="Immunization data help desk",
        kind=Offer.Kind.TECHNICAL_ASSISTANCE,
        first_year=2024,
        last_year=2027,
        contact_name="Offers desk",
        contact_email="offers@partner.example.org",
        status=Offer.Status.OPEN,
    )
    offer.components.set([priority.component_id])
    offer.who_regions.set(["AFR"])
    Invitation.objects.create(priority=priority, offer=offer)
    draft_plan = InvestmentPlanFactory(member_state=kenya, title="Kenya digital health plan 2026")
    PriorityCostFactory(priority=PriorityFactory(plan=draft_plan, rank=1, title="Health ID"))
    offer = OfferFactory(
        organization=partner.organization,
        title="Interoperability and shared health record support",
        kind="cash",
        capacity_amount="400000.00",
        currency="USD",
        capacity_usd="400000.00",
    )
    offer.who_regions.set(["AFR"])
    offer.member_states.set([kenya])
    offer.components.set([5])
    draft_offer = OfferFactory(
        organization=partner.organization, title="Workforce fellowships", status="draft"
    )
    resources_demo.seed(log=lambda *args: None, count=len(resources_demo.CURATED) + 5)
    resource = resources_demo.Resource.objects.get(slug=f"{resources_demo.DEMO_PREFIX}2")
    return SimpleNamespace(
        draft=draft.pk,
        published=published.pk,
        submitted=submitted.pk,
        plan=plan.pk,
        priority=priority.pk,
        draft_plan=draft_plan.pk,
        commitment=commitment.pk,
        offer=offer.pk,
        draft_offer=draft_offer.pk,
        resource=resource.slug,
        resource_pk=resource.pk,
        pending_exchange=pending_exchange.pk,
        accepted_exchange=accepted_exchange.pk,
    )


@pytest.fixture
def follows_data(portal_data, kenya, focal_point_kenya, partner):
    """Kenya's focal point follows one thing of each kind the demo data has (Kenya, its
    published and draft plans, a priority, a resource, the partner's organization), on a
    weekly digest; `token` is their unsubscribe link's."""
    from types import SimpleNamespace

    from investments.follows import services
    from investments.follows.tokens import unsubscribe_token
    from investments.models import InvestmentPlan, Priority
    from resources.models import Resource

    targets = [
        ("member_state", kenya),
        ("plan", InvestmentPlan.objects.get(pk=portal_data.plan)),
        ("plan", InvestmentPlan.objects.get(pk=portal_data.draft_plan)),
        ("priority", Priority.objects.filter(plan=portal_data.plan).order_by("rank").first()),
        ("resource", Resource.objects.get(pk=portal_data.resource_pk)),
        ("organization", partner.organization),
    ]
    for kind, target in targets:
        services.follow(user=focal_point_kenya, kind=kind, target=target)
    return SimpleNamespace(token=unsubscribe_token(focal_point_kenya))


@pytest.fixture
def dataset_files(portal_data):
    """The global dataset generated from `portal_data`: its latest edition and last year's
    frozen one (for /data/)."""
    from investments.global_dataset import services

    services.generate_dataset(force=True)
    return portal_data
