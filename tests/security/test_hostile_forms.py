"""Hostile input in the page forms: every value is refused with an error next to its field, the
form is shown again, nothing is saved and nothing fails with a server error."""

import pytest

from investments.models import Commitment, InvestmentPlan, Priority
from members.models import ApiToken
from resources.models import DigitalHealthIntervention, Resource
from tests import factories

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
    ["strategy", "governance", "maturity", "plan", "priority", "commitment", "resource"],
)
def test_the_valid_forms_of_the_table_are_accepted(client_for, world, form):
    who, url, data = surface(form, world)
    response = client_for(who).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
