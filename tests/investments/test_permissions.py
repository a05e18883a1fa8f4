"""Who may do what, as tables of the cast × action (DOMAIN.md's roles table).

404 where the caller may not even see the record, 403 where they see it but may not act,
a redirect to the login page for anonymous visitors of pages that need an account.
"""

import pytest
from django.utils import timezone

from investments import permissions
from investments.models import Commitment

from .. import factories

CAST = ["anonymous", "partner", "focal_point_france", "focal_point_kenya", "secretariat"]


@pytest.fixture
def world(db, partner, kenya):
    draft = factories.InvestmentPlanFactory(member_state=kenya, status="draft")
    factories.PriorityCostFactory(priority__plan=draft)
    submitted = factories.InvestmentPlanFactory(member_state=kenya, status="submitted")
    factories.PriorityCostFactory(priority__plan=submitted)
    approved = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    priority = factories.PriorityFactory(plan=approved)
    factories.PriorityCostFactory(priority=priority)
    unverified = factories.CommitmentFactory(plan=approved, organization=partner.organization)
    verified = factories.CommitmentFactory(plan=approved, verified_at=timezone.now())
    return {
        "draft": draft,
        "submitted": submitted,
        "approved": approved,
        "priority": priority,
        "unverified": unverified,
        "verified": verified,
    }


def _user(request, name):
    return request.getfixturevalue(name)


def _check(request, client_for, world, table, method="get", data=None):
    failures = []
    for name, expected in zip(CAST, table["expected"], strict=True):
        user = _user(request, name)
        url = table["url"](world)
        client = client_for(user)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data or {}, content_type="application/json")
        status = response.status_code
        if status == 302:
            status = "login" if "/accounts/login/" in response["Location"] else 302
        if status != expected:
            failures.append(f"{name}: {url} → {status}, expected {expected}")
    assert not failures, failures


PAGES = [
    # url, anonymous, partner, focal point France, focal point Kenya, secretariat
    (lambda w: "/investments/", [200, 200, 200, 200, 200]),
    (lambda w: "/investments/needs/", [200, 200, 200, 200, 200]),
    (lambda w: "/investments/partners/", [200, 200, 200, 200, 200]),
    (lambda w: "/investments/verification/", ["login", 404, 404, 404, 200]),
    (lambda w: "/investments/plans/new/", ["login", 404, 200, 200, 404]),
    (lambda w: f"/investments/plans/{w['approved'].pk}/", [200, 200, 200, 200, 200]),
    (lambda w: f"/investments/plans/{w['draft'].pk}/", [404, 404, 404, 200, 200]),
    (lambda w: f"/investments/plans/{w['submitted'].pk}/", [404, 404, 404, 200, 200]),
    (lambda w: f"/investments/plans/{w['draft'].pk}/edit/", ["login", 404, 404, 200, 404]),
    (lambda w: f"/investments/plans/{w['approved'].pk}/edit/", ["login", 404, 404, 404, 404]),
    (
        lambda w: f"/investments/plans/{w['draft'].pk}/priorities/new/",
        ["login", 404, 404, 200, 404],
    ),
    (
        lambda w: f"/investments/plans/{w['approved'].pk}/priorities/{w['priority'].pk}/edit/",
        ["login", 404, 404, 404, 404],
    ),
    (lambda w: f"/investments/plans/{w['approved'].pk}/commit/", ["login", 200, 404, 200, 404]),
    (lambda w: f"/investments/plans/{w['draft'].pk}/commit/", ["login", 404, 404, 404, 404]),
    (lambda w: f"/investments/commitments/{w['verified'].pk}/", [200, 200, 200, 200, 200]),
    (lambda w: f"/investments/commitments/{w['unverified'].pk}/", [404, 200, 404, 200, 200]),
    (
        lambda w: f"/investments/commitments/{w['unverified'].pk}/advance/",
        ["login", 200, 404, 404, 404],
    ),
    (lambda w: "/api/v1/investment-plans/", [200, 200, 200, 200, 200]),
    (lambda w: f"/api/v1/investment-plans/{w['draft'].pk}/", [404, 404, 404, 200, 200]),
    (lambda w: f"/api/v1/investment-plans/{w['approved'].pk}/", [200, 200, 200, 200, 200]),
    (lambda w: f"/api/v1/commitments/{w['unverified'].pk}/", [404, 200, 404, 200, 200]),
    (lambda w: f"/api/v1/commitments/{w['verified'].pk}/", [200, 200, 200, 200, 200]),
    (lambda w: "/api/v1/funding-gaps/", [200, 200, 200, 200, 200]),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_read_matrix(request, client_for, world, url, expected):
    _check(request, client_for, world, {"url": url, "expected": expected})


def test_lists_are_scoped_like_details(request, client_for, world):
    expected = {
        "anonymous": (1, 1),
        "partner": (1, 2),
        "focal_point_france": (1, 1),
        "focal_point_kenya": (3, 2),
        "secretariat": (3, 2),
    }
    for name, (plans, commitments) in expected.items():
        client = client_for(_user(request, name))
        assert client.get("/api/v1/investment-plans/").json()["count"] == plans, name
        assert client.get("/api/v1/commitments/").json()["count"] == commitments, name


# Writes: each row runs on fresh data (one test per row and caller).
WRITES = [
    # name, url, payload, anonymous, partner, focal point France, focal point Kenya, secretariat
    (
        "submit",
        lambda w: f"/api/v1/investment-plans/{w['draft'].pk}/submit/",
        {},
        [401, 404, 404, 200, 403],
    ),
    (
        "approve",
        lambda w: f"/api/v1/investment-plans/{w['submitted'].pk}/approve/",
        {},
        [401, 404, 404, 403, 200],
    ),
    (
        "return",
        lambda w: f"/api/v1/investment-plans/{w['submitted'].pk}/return/",
        {"comment": "Cost priority 2 per year."},
        [401, 404, 404, 403, 200],
    ),
    (
        "edit",
        lambda w: f"/api/v1/investment-plans/{w['draft'].pk}/",
        None,
        [401, 404, 404, 200, 403],
    ),
    ("commit", lambda w: "/api/v1/commitments/", "commit", [401, 201, 403, 201, 403]),
    (
        "advance",
        lambda w: f"/api/v1/commitments/{w['unverified'].pk}/advance/",
        {"amount": "900.00", "on": "2024-04-01", "version": 1},
        [401, 200, 404, 403, 403],
    ),
    (
        "verify",
        lambda w: f"/api/v1/commitments/{w['unverified'].pk}/verify/",
        {"version": 1},
        [401, 403, 404, 403, 200],
    ),
]


@pytest.mark.parametrize("index", range(len(CAST)), ids=CAST)
@pytest.mark.parametrize(
    ("action", "url", "payload", "expected"), WRITES, ids=[w[0] for w in WRITES]
)
def test_write_matrix(request, client_for, world, index, action, url, payload, expected):
    user = _user(request, CAST[index])
    client = client_for(user)
    target = url(world)
    if action == "edit":
        response = client.patch(
            target,
            {"version": world["draft"].version, "title": "Revised"},
            content_type="application/json",
        )
    else:
        if payload == "commit":
            payload = {
                "plan": world["approved"].pk,
                "kind": "cash",
                "currency": "USD",
                "year": 2024,
                "amount": "5000.00",
            }
        response = client.post(target, payload, content_type="application/json")
    assert response.status_code == expected[index], response.content


def test_predicates_as_a_table(request, world):
    draft, approved, submitted = world["draft"], world["approved"], world["submitted"]
    unverified = world["unverified"]
    table = [
        # predicate, object, anonymous, partner, France, Kenya, secretariat
        (permissions.can_edit_plan, draft, [False, False, False, True, False]),
        (permissions.can_edit_plan, approved, [False, False, False, False, False]),
        (permissions.can_submit_plan, draft, [False, False, False, True, False]),
        (permissions.can_review_plan, submitted, [False, False, False, False, True]),
        (permissions.can_review_plan, draft, [False, False, False, False, False]),
        (permissions.can_record_commitment, approved, [False, True, False, True, False]),
        (permissions.can_record_commitment, draft, [False, False, False, False, False]),
        (permissions.can_advance_commitment, unverified, [False, True, False, False, False]),
        (permissions.can_verify_commitment, unverified, [False, False, False, False, True]),
    ]
    for predicate, obj, expected in table:
        got = [predicate(_user(request, name), obj) for name in CAST]
        assert got == expected, predicate.__name__


def test_focal_point_records_domestic_funding_for_own_country_only(
    client_for, focal_point_kenya, world
):
    response = client_for(focal_point_kenya).post(
        "/api/v1/commitments/",
        {
            "plan": world["approved"].pk,
            "kind": "cash",
            "currency": "KES",
            "year": 2024,
            "amount": "100000.00",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    commitment = Commitment.objects.get(pk=response.json()["id"])
    assert commitment.organization is None and commitment.is_domestic
    assert response.json()["source"].startswith("Government of Kenya")
