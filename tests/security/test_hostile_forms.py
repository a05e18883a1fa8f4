"""Hostile input in the page forms: every value is refused with an error next to its field, the
form is shown again, nothing is saved and nothing fails with a server error."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axes.models import AccessAttempt
from django.urls import URLResolver, get_resolver

from investments.models import Commitment, InvestmentPlan, Priority
from members.models import ApiToken, MemberState, PeerExchangeRequest
from resources.models import DigitalHealthIntervention, Resource
from tests import factories
from tests.conftest import ROUTE_PARAMETERS

LONG = "x" * 5000


@pytest.fixture
def world(kenya, focal_point_kenya, partner):
    draft = factories.ProfileSubmissionFactory(member_state=kenya)
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, start_year=2024, end_year=2025, currency="USD"
    )
    approved = factories.InvestmentPlanFactory(
        member_state=kenya, start_year=2024, end_year=2025, currency="USD", status="approved"
    )
    commitment = factories.CommitmentFactory(
        plan=approved, organization=partner.organization, recorded_by=partner
    )
    # Nigeria is Kenya's peer on every indicator (the peer exchange request form).
    factories.approved_profile(member_state=kenya, phase=2)
    factories.approved_profile(member_state=MemberState.objects.get(iso3="NGA"), phase=5)
    return {
        "draft": draft,
        "plan": plan,
        "approved": approved,
        "commitment": commitment,
        "focal": focal_point_kenya,
        "partner": partner,
    }


def snapshot():
    """Everything the forms below could write, to prove that a refused form wrote nothing."""
    return (
        list(InvestmentPlan.objects.values_list("pk", "version", "title", "end_year")),
        list(Priority.objects.values_list("pk", "title")),
        list(Commitment.objects.values_list("pk", "status", "pledged_amount", "year")),
        Resource.objects.count(),
        ApiToken.objects.count(),
        PeerExchangeRequest.objects.count(),
    )


def surface(name, world):
    """(who posts, where, a valid form) for each page form."""
    draft, plan, approved = world["draft"], world["plan"], world["approved"]
    return {
        "strategy": (
            world["focal"],
            f"/profiles/{draft.pk}/edit/strategy/",
            {"version": 1, "strategy_title": "National strategy", "strategy_start_year": 2024},
        ),
        "governance": (
            world["focal"],
            f"/profiles/{draft.pk}/edit/governance/",
            {"version": 1, "coordination_body_name": "Council", "data_protection_law_year": 2019},
        ),
        "maturity": (
            world["focal"],
            f"/profiles/{draft.pk}/edit/maturity-1/",
            {"version": 1, "1-phase": "3", "1-evidence_note": "Minutes"},
        ),
        "plan": (
            world["focal"],
            "/investments/plans/new/",
            {"title": "Plan", "start_year": 2024, "end_year": 2028, "currency": "KES"},
        ),
        "plan-edit": (
            world["focal"],
            f"/investments/plans/{plan.pk}/edit/",
            {
                "version": plan.version,
                "title": "Plan",
                "start_year": 2024,
                "end_year": 2025,
                "currency": "USD",
            },
        ),
        "priority": (
            world["focal"],
            f"/investments/plans/{plan.pk}/priorities/new/",
            {
                "version": plan.version,
                "rank": 1,
                "title": "Shared record",
                "component": 5,
                "cost_2024": "1000",
            },
        ),
        "commitment": (
            world["partner"],
            f"/investments/plans/{approved.pk}/commit/",
            {"kind": "cash", "amount": "1000.00", "currency": "USD", "year": 2024},
        ),
        "advance": (
            world["partner"],
            f"/investments/commitments/{world['commitment'].pk}/advance/",
            {"amount": "1000.00", "on": "2024-03-01"},
        ),
        "resource": (
            world["partner"],
            "/resources/propose/",
            {
                "kind": "toolkit",
                "title": "Toolkit",
                "summary": "A toolkit.",
                "description_language": "en",
                "publisher": world["partner"].organization_id,
                "publication_year": 2024,
                "link": "https://example.org/toolkit",
                "licence": "CC-BY-4.0",
                "languages": ["en"],
                "interventions": [DigitalHealthIntervention.objects.filter(version="v2")[0].pk],
            },
        ),
        "api-token": (world["focal"], "/account/tokens/", {"name": "Warehouse"}),
        "peer-exchange": (
            world["focal"],
            "/peer-exchanges/new/NGA/1/",
            {"topic": "Coordination", "message": "How did you set it up?"},
        ),
    }[name]


# (form, field, hostile value, the message shown next to the field)
CASES = [
    ("strategy", "strategy_title", LONG, "at most 300 characters"),
    ("strategy", "strategy_start_year", "0", "greater than or equal to 1990"),
    ("strategy", "strategy_start_year", "99999", "less than or equal to 2100"),
    ("strategy", "strategy_start_year", "-1", "greater than or equal to"),
    ("strategy", "strategy_end_year", "1e30", "Enter a whole number"),
    ("strategy", "strategy_adopted_on", "2024-02-30", "Enter a valid date"),
    ("strategy", "strategy_adopted_on", "not a date", "Enter a valid date"),
    ("strategy", "strategy_adopted_on", "0001-01-01", "greater than or equal to 1990-01-01"),
    ("strategy", "strategy_url", "javascript:alert(1)", "Enter a valid URL"),
    ("strategy", "strategy_url", "https://" + "a" * 600 + ".org", "at most 500 characters"),
    ("strategy", "strategy_status", "<script>", "Select a valid choice"),
    ("governance", "coordination_body_name", LONG, "at most 200 characters"),
    ("governance", "data_protection_law_year", "99999", "less than or equal to 2100"),
    ("governance", "data_protection_law_year", "NaN", "Enter a whole number"),
    ("governance", "coordination_ministries", "not-a-ministry", "Select a valid choice"),
    ("maturity", "1-phase", "9", "Select a valid choice"),
    ("maturity", "1-evidence_note", "x" * 20001, "at most 20000 characters"),
    ("maturity", "1-source_url", "javascript:alert(1)", "Enter a valid URL"),
    ("plan", "title", LONG, "at most 200 characters"),
    ("plan", "start_year", "0", "greater than or equal to 2000"),
    ("plan", "end_year", "99999", "less than or equal to 2100"),
    ("plan", "end_year", "2020", "cannot come before the first year"),
    ("plan", "start_year", "Infinity", "Enter a whole number"),
    ("plan", "currency", "XXX", "Select a valid choice"),
    ("plan", "currency", "usd", "Select a valid choice"),
    ("plan", "currency", "€", "Select a valid choice"),
    ("plan", "summary", "x" * 20001, "at most 20000 characters"),
    ("plan", "strategy_url", "javascript:alert(1)", "Enter a valid URL"),
    ("plan-edit", "end_year", "2100", "at most"),
    ("plan-edit", "version", "abc", "Enter a whole number"),
    ("priority", "cost_2024", "-1", "greater than or equal to 0"),
    ("priority", "cost_2024", "1e30", "no more than 18 digits"),
    ("priority", "cost_2024", "NaN", "Enter a number"),
    ("priority", "cost_2024", "Infinity", "Enter a number"),
    ("priority", "cost_2024", "-Infinity", "Enter a number"),
    ("priority", "cost_2024", "0.001", "no more than 2 decimal places"),
    ("priority", "rank", "0", "greater than or equal to 1"),
    ("priority", "rank", "99999", "less than or equal to 1000"),
    ("priority", "title", LONG, "at most 200 characters"),
    ("priority", "description", "x" * 20001, "at most 20000 characters"),
    ("priority", "component", "99", "Select a valid choice"),
    ("commitment", "amount", "-1", "greater than or equal to 0.01"),
    ("commitment", "amount", "0", "greater than or equal to 0.01"),
    ("commitment", "amount", "1e30", "no more than 18 digits"),
    ("commitment", "amount", "NaN", "Enter a number"),
    ("commitment", "amount", "Infinity", "Enter a number"),
    ("commitment", "year", "0", "greater than or equal to 2000"),
    ("commitment", "year", "99999", "less than or equal to 2100"),
    ("commitment", "year", "2019", "outside the plan period 2024–2025"),
    ("commitment", "currency", "XXX", "Select a valid choice"),
    ("commitment", "currency", "<script>", "Select a valid choice"),
    ("commitment", "pledged_on", "2024-13-45", "Enter a valid date"),
    ("commitment", "description", "x" * 20001, "at most 20000 characters"),
    ("commitment", "kind", "gift", "Select a valid choice"),
    ("advance", "amount", "-1", "greater than or equal to 0.01"),
    ("advance", "amount", "1e30", "no more than 18 digits"),
    ("advance", "amount", "NaN", "Enter a number"),
    ("advance", "on", "31/31/2024", "Enter a valid date"),
    ("resource", "title", LONG, "at most 300 characters"),
    ("resource", "summary", "x" * 2001, "at most 2000 characters"),
    ("resource", "body", "x" * 100001, "at most 100000 characters"),
    ("resource", "publication_year", "0", "greater than or equal to 1950"),
    ("resource", "publication_year", "99999", "less than or equal to 2100"),
    ("resource", "publication_year", "-1", "greater than or equal to"),
    ("resource", "link", "javascript:alert(1)", "Enter a valid URL"),
    ("resource", "languages", "xx", "Select a valid choice"),
    ("resource", "licence", "GPL-99", "Select a valid choice"),
    ("api-token", "name", LONG, "at most 100 characters"),
    ("peer-exchange", "topic", LONG, "at most 200 characters"),
    ("peer-exchange", "message", "x" * 5001, "at most 5000 characters"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "field", "value", "message"),
    CASES,
    ids=[f"{form}-{field}-{value[:12]}" for form, field, value, _ in CASES],
)
def test_hostile_value_is_refused_next_to_its_field(client_for, world, form, field, value, message):
    who, url, data = surface(form, world)
    before = snapshot()
    version = world["draft"].version
    response = client_for(who).post(url, {**data, field: value})
    assert response.status_code in (200, 400), (response.status_code, response.get("Location"))
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    assert message.replace("–", "&ndash;") in response.content.decode() or message in (
        response.content.decode()
    )
    assert snapshot() == before
    world["draft"].refresh_from_db()
    assert world["draft"].version == version


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form",
    [
        "strategy",
        "governance",
        "maturity",
        "plan",
        "priority",
        "commitment",
        "resource",
        "peer-exchange",
    ],
)
def test_the_valid_forms_of_the_table_are_accepted(client_for, world, form):
    who, url, data = surface(form, world)
    response = client_for(who).post(url, data)
    assert response.status_code == 302, response.context["form"].errors


# Control characters in the text fields of the page forms: the model's rule, shown at the field.
CONTROL_CASES = [
    ("strategy", "strategy_title", "National\x00strategy"),
    ("governance", "coordination_body_name", "Council\x1b[31m"),
    ("maturity", "1-evidence_note", "Minutes\x07"),
    ("maturity", "1-source_url", "https://example.org/a\x01b"),
    ("plan", "title", "Pl\x0ban"),
    ("plan", "summary", "Summary\x7f"),
    ("priority", "title", "Shared\x00record"),
    ("priority", "implementing_agency", "Mini\x85stry"),
    ("commitment", "description", "In kind\x08"),
    ("resource", "title", "Tool\x1fkit"),
    ("resource", "summary", "A toolkit\x9f"),
    ("resource", "body", "# Tool\x0ckit"),
    ("resource", "link", "https://example.org/toolkit\x02"),
    ("api-token", "name", "Warehouse\x03"),
    ("peer-exchange", "topic", "Coord\x00ination"),
    ("peer-exchange", "message", "How\x07?"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "field", "value"), CONTROL_CASES, ids=[f"{f}-{n}" for f, n, _ in CONTROL_CASES]
)
def test_a_control_character_is_refused_next_to_its_field(client_for, world, form, field, value):
    who, url, data = surface(form, world)
    before = snapshot()
    response = client_for(who).post(url, {**data, field: value})
    assert response.status_code in (200, 400), (response.status_code, response.get("Location"))
    errors = response.context["form"].errors
    assert any("Remove the control character U+" in error for error in errors[field]), errors
    assert snapshot() == before


# --- the login ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("a" * 288 + "@example.org", "at most 254 characters (it has 300)"),
        ("focal\x00@example.org", "control character U+0000"),
        ("focal\x01@example.org", "control character U+0001"),
    ],
    ids=["300-characters", "nul", "control-character"],
)
def test_an_email_no_account_can_have_is_a_login_form_error(
    client, focal_point_kenya, assert_stored_within_limits, email, message
):
    before = AccessAttempt.objects.count()
    response = client.post(
        "/accounts/login/", {"username": email, "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["username"])
    assert AccessAttempt.objects.count() == before
    assert_stored_within_limits()


# --- the admin ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "x" * 20_001, "at most 20000 characters"),
        ("title", "Plan\x01", "Remove the control character U+0001"),
        ("start_year", "1999", "greater than or equal to 2000"),
    ],
)
def test_the_admin_refuses_what_the_pages_and_the_api_refuse(
    client_for, secretariat, world, field, value, message
):
    plan = world["plan"]
    url = f"/admin/investments/investmentplan/{plan.pk}/change/"
    client = client_for(secretariat)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            field: value,
            "seen_version": plan.version,
            "priorities-TOTAL_FORMS": 0,
            "priorities-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    plan.refresh_from_db()
    assert getattr(plan, field) != value


# --- every route: NUL in each path segment and each query parameter -------------------------------
# The routes come from the URL resolver, the records they name from `every_kind_of_record` (one of
# each kind, all with one id), their query parameters from the GET forms and links of the pages
# they render. Each is requested as each role of the cast that reaches it.


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))
EXTRA_PARAMETERS = {
    "app_label": "members",
    "url": "missing",
    "content_type_id": 1,
    "format": "json",
}


def concrete_route(route):
    """`route` with each parameter a value that names a record of `every_kind_of_record`."""
    values = {**ROUTE_PARAMETERS, **EXTRA_PARAMETERS}

    def value(match):
        return str(values.get(match.group(1), 1))

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "").replace("/?", "/")


class _QueryNames(HTMLParser):
    """The query parameters a page offers: its GET forms' fields and its links' parameters."""

    def __init__(self, path):
        super().__init__()
        self.path, self.names, self.in_get_form = path, set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in {"input", "select", "textarea"} and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            link = urlsplit(attrs["href"])
            if link.path in ("", self.path):
                self.names.update(parse_qs(link.query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def query_names(response, path):
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return set()
    parser = _QueryNames(path)
    parser.feed(response.content.decode())
    return parser.names - {"csrfmiddlewaretoken"}


def is_refused_for(response):
    """The route answered, but not for this role: no permission, or to the login first."""
    location = response.get("Location", "")
    return response.status_code in (401, 403) or "login" in location


def assert_address_refused(response, where):
    assert response.status_code == 400, (where, response.status_code)
    if response["Content-Type"].startswith("application/json"):
        assert "U+0000" in json.dumps(response.json()["errors"][where])
    else:
        page = response.content.decode()
        assert f"<code>{where}</code>" in page and "U+0000" in page


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_nul_in_any_path_segment_or_query_parameter_of_any_route_is_400(
    client_for, every_kind_of_record, assert_stored_within_limits, route
):
    path = concrete_route(route)
    segments = path.strip("/").split("/")
    clients = {role: client_for(user) for role, user in every_kind_of_record["cast"].items()}
    answers = {role: client.get(path) for role, client in clients.items()}
    for role, response in answers.items():
        assert response.status_code != 500, (role, path)
    reaching = [role for role, answer in answers.items() if not is_refused_for(answer)]
    before = snapshot()
    for role in reaching or list(clients):
        client, answer = clients[role], answers[role]
        methods = ["get", "post"] if answer.status_code == 405 else ["get"]
        for method in methods:
            send = getattr(client, method)
            for index in range(len(segments)):
                hostile = segments[index][:1] + "%00" + segments[index][1:]
                url = "/".join(["", *segments[:index], hostile, *segments[index + 1 :]])
                assert_address_refused(send(url + ("/" if path.endswith("/") else "")), "path")
            for name in query_names(answer, path):
                assert_address_refused(send(f"{path}?{quote(name)}=a%00b"), name)
    assert snapshot() == before
    assert_stored_within_limits()
