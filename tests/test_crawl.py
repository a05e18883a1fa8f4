"""Every page and endpoint answers without a server error: a crawl that follows every same-site
link from `/`, breadth-first, GET only, as each role (anonymous, Kenya's focal point, a partner
member, the secretariat with a verified second factor), in the portal's languages, with `DEBUG`
on and off, against the suite's PostgreSQL. `DEBUG` matters: with it on, Django runs every query
through its debug cursor, where a statement whose parameters lost their types once failed.

Where it starts: at `/`, at the API's entry points (the GET paths without parameters of its
schema, as no page links to them; the anonymous crawls request the schema itself), and at the
pages of the fixture's records (a country with profiles and plans, a draft profile, each plan,
resource and report…), which a bounded crawl from `/` would otherwise miss behind the first two
of 194 country pages.

What is followed: every `href` of an HTML answer (links, and the `<link>`s of the head), and
every same-site URL in a JSON answer (the API's `url`, `next` and `previous`), so the API's
details are crawled from its lists. Fragments are dropped; a query string makes a URL of its
own.

What is not followed, and why:
- `/static/` and `/media/`: files, not pages (tests/test_static_files.py checks the former);
- `/accounts/logout/` and `/i18n/setlang/`: POST-only forms; followed, they would end the
  crawl's session or change its language;
- the admin's delete confirmations (`…/delete/`): they collect an object's whole cascade, and
  show nothing the change page does not already read;
- `?format=csv` and `?format=iati` of the API lists: whole-list downloads, streamed, covered by
  tests/security/test_csv_exports.py and tests/investments/test_api.py;
- other sites.

Bounds: each URL pattern (the resolver's route, so every country page is one pattern) is
requested at most `PER_PATTERN` times with distinct URLs (`PER_ADMIN_PATTERN` for the admin's,
whose ~40 models each have their own patterns), and a crawl stops after `MAX_REQUESTS`, so a
crawl takes seconds whatever the data. `DEBUG` changes how SQL runs, the language how pages are
written: every role crawls in English with `DEBUG` off and on, and in Arabic (right to left)
with one of them; the anonymous visitor also in the four other languages, one `DEBUG` setting
each, alternating. The secretariat crawls the admin in English only (Django's own pages,
translated by Django). Every 5xx answer of a crawl is reported at once, with its exception and
the page that linked to it.
"""

import datetime
import io
import json
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import GdhmIndicator, IndicatorAnswer
from members.workflow import ReviewEvent
from resources.models import DigitalHealthIntervention

from . import factories
from .conftest import Client

PER_PATTERN = 2
PER_ADMIN_PATTERN = 1
MAX_REQUESTS = 600
SCHEMA = "/api/v1/schema/?format=json"
SKIPPED_PREFIXES = ("/static/", "/media/", "/accounts/logout/", "/i18n/setlang/")
SKIPPED_FORMATS = ("format=csv", "format=iati")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def links_of(response):
    """The hrefs of an HTML answer, or the same-site URLs of a JSON one."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        parser = _Links()
        parser.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        return parser.hrefs
    if content_type.startswith("application/json"):
        return list(_json_urls(json.loads(response.content)))
    if content_type.startswith("application/vnd.oai.openapi+json"):
        paths = json.loads(response.content)["paths"]
        return [
            path for path, operations in paths.items() if "get" in operations and "{" not in path
        ]
    return []


def _json_urls(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_urls(item)
    elif isinstance(value, str) and value.startswith(("http://testserver/", "/api/")):
        yield value


def same_site(href, base):
    """The path and query of a link of this site (None for another site's, a mail address…)."""
    url, _fragment = urldefrag(urljoin(f"http://testserver{base}", href.strip()))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def followed(url, *, admin=True):
    path, _, query = url.partition("?")
    if path.startswith(SKIPPED_PREFIXES) or any(skip in query for skip in SKIPPED_FORMATS):
        return False
    if path.startswith("/admin/"):
        return admin and not path.endswith("/delete/")
    return True


def pattern_of(url):
    try:
        match = resolve(url.partition("?")[0])
    except Resolver404:
        return "(no pattern)"
    return f"{match.namespace}:{match.url_name}:{match.route}"


def crawl(client, starts, *, admin=True):
    """GET every same-site link from the `starts`, breadth-first, within the bounds; returns the
    server errors as lines (URL, status, exception, the page that linked to it) and the number
    of requests."""
    queue = deque((url, "(start)") for url in starts)
    seen = set(starts)
    per_pattern = {}
    errors = []
    requests = 0
    while queue and requests < MAX_REQUESTS:
        url, referrer = queue.popleft()
        pattern = pattern_of(url)
        bound = PER_ADMIN_PATTERN if url.startswith("/admin/") else PER_PATTERN
        if per_pattern.get(pattern, 0) >= bound:
            continue
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        requests += 1
        response = client.get(url)
        if response.status_code >= 500:
            exception = response.exc_info[1] if response.exc_info else None
            cause = (
                f"{type(exception).__name__}: {str(exception).strip()[-300:]}" if exception else ""
            )
            errors.append(f"{url} → {response.status_code} {cause} (from {referrer})")
            continue
        for href in links_of(response):
            link = same_site(href, url)
            if link and link not in seen and followed(link, admin=admin):
                seen.add(link)
                queue.append((link, url))
    return errors, requests


# --- the portal's data and its people -------------------------------------------------------------


@pytest.fixture
def portal(kenya, france, partner, focal_point_kenya, secretariat):
    """Demo-like data: Kenya with a published and a draft profile, catalogue entries with CDHI
    topics, countries and regions (published, proposed, returned), plans in every status with
    ranked priorities, costs and commitments (verified and not), and last month's transparency
    reports (published) and the month before's (drafts). Returns the pages of these records."""
    organization = partner.organization
    topics = list(DigitalHealthIntervention.objects.order_by("pk")[:3])
    published_profile = factories.approved_profile(member_state=kenya)
    factories.approved_profile(member_state=france)
    draft_profile = factories.ProfileSubmissionFactory(member_state=kenya)
    indicator = GdhmIndicator.objects.order_by("sort_order").first()
    IndicatorAnswer.objects.create(submission=draft_profile, indicator=indicator, phase=2)
    assert published_profile.answers.exists()
    pages = [
        "/countries/KEN/",
        "/countries/FRA/",
        f"/profiles/{published_profile.pk}/",
        f"/profiles/{draft_profile.pk}/",
    ]

    resources = [
        factories.ResourceFactory(
            kind=kind,
            publisher=organization,
            interventions=topics[: number + 1],
            member_states=[kenya],
            who_regions=[kenya.who_region],
            languages=["en", "fr"],
        )
        for number, kind in enumerate(("standard", "guideline", "toolkit"))
    ]
    resources.append(
        factories.ResourceFactory(publisher=organization, status="submitted", proposed_by=partner)
    )
    resources.append(
        factories.ResourceFactory(publisher=organization, status="returned", proposed_by=partner)
    )
    pages += [f"/resources/{resource.slug}/" for resource in resources]

    approved_plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    for rank in (1, 2):
        priority = factories.PriorityFactory(plan=approved_plan, rank=rank)
        priority.interventions.set(topics[:rank])
        factories.PriorityCostFactory(priority=priority, year=2024, amount="1000000.00")
        factories.PriorityCostFactory(priority=priority, year=2025, amount="250000.00")
        factories.CommitmentFactory(
            plan=approved_plan,
            priority=priority,
            organization=organization,
            recorded_by=partner,
            verified_at=timezone.now() if rank == 1 else None,
        )
    french_plan = factories.InvestmentPlanFactory(
        member_state=france, status="approved", currency="EUR"
    )
    draft_plan = factories.InvestmentPlanFactory(member_state=kenya, status="draft")
    factories.PriorityCostFactory(priority=factories.PriorityFactory(plan=draft_plan, rank=1))
    submitted_plan = factories.InvestmentPlanFactory(member_state=kenya, status="submitted")
    ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(submitted_plan),
        object_id=submitted_plan.pk,
        action="submit",
        from_status="draft",
        to_status="submitted",
        by=focal_point_kenya,
    )

    plans = (approved_plan, french_plan, draft_plan, submitted_plan)
    pages += [f"/investments/plans/{plan.pk}/" for plan in plans]

    # Through the command, the reports' stable interface: last month published, the one before
    # as drafts.
    last_month = timezone.now().date().replace(day=1) - datetime.timedelta(days=1)
    month_before = last_month.replace(day=1) - datetime.timedelta(days=1)
    for month, publish in ((last_month, True), (month_before, False)):
        period = f"{month:%Y-%m}"
        options = {"period": period, "publish": publish, "stdout": io.StringIO()}
        call_command("generate_transparency_reports", **options)
        pages += [f"/reports/global/{period}/", f"/reports/AFR/{period}/"]
    return pages


@pytest.fixture
def signed_in(settings, focal_point_kenya, partner, secretariat):
    """`signed_in(role)`: a client with that role's session. The secretariat's session carries a
    verified second factor, as production requires (REQUIRE_SECRETARIAT_2FA)."""
    settings.REQUIRE_SECRETARIAT_2FA = True
    users = {"focal_point": focal_point_kenya, "partner": partner, "secretariat": secretariat}

    def make(role):
        client = Client(raise_request_exception=False)
        if role == "anonymous":
            return client
        client.force_login(users[role])
        if role == "secretariat":
            device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make


@pytest.fixture(scope="session")
def api_entry_points():
    """The API's GET paths without parameters, from its schema."""
    return links_of(Client().get(SCHEMA))


# --- the crawls --------------------------------------------------------------------------------

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SIGNED_IN = ("focal_point", "partner", "secretariat")


def _cases():
    for index, role in enumerate(("anonymous", *SIGNED_IN)):
        yield role, "en", False
        yield role, "en", True
        yield role, "ar", bool(index % 2)
    other_languages = [code for code in LANGUAGES if code not in ("en", "ar")]
    for index, language in enumerate(other_languages):
        yield "anonymous", language, bool(index % 2)


CASES = [
    pytest.param(role, language, debug, id=f"{role}-{language}-debug-{'on' if debug else 'off'}")
    for role, language, debug in _cases()
]


@pytest.mark.parametrize(("role", "language", "debug"), CASES)
def test_every_linked_page_answers_without_a_server_error(
    portal, api_entry_points, signed_in, settings, role, language, debug
):
    settings.DEBUG = debug
    client = signed_in(role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    home = client.get("/")
    assert f'lang="{language}"'.encode() in home.content

    starts = ["/", *api_entry_points, *portal, *([SCHEMA] if role == "anonymous" else [])]
    errors, requests = crawl(client, starts, admin=language == "en")
    assert requests > 20, f"the crawl reached only {requests} URLs"
    assert not errors, f"{len(errors)} server errors in {requests} requests:\n" + "\n".join(errors)
