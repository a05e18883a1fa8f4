"""The secretariat's second factor (docs/security.md), with REQUIRE_SECRETARIAT_2FA on: every
privileged action, on pages and in the API, refuses a staff account whose session (or API
token) has no verified second factor, and succeeds with one; real codes, real logins.

PAGE_ACTIONS and API_ACTIONS are the privileged actions. `test_the_tables_hold_every_route_only_the
_secretariat_may_use` keeps them complete against the access matrix (tests/test_access_matrix.py):
a route only the secretariat may use that is in neither table (nor in READS_WITHOUT_SECOND_FACTOR,
with its reason) fails it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from investments.models import Commitment, InvestmentPlan
from members import services as member_services
from members.models import ApiToken, IndicatorAnswer, ProfileSubmission
from members.workflow import ReviewStatus
from resources.models import DigitalHealthIntervention, Resource
from tests import factories
from tests.conftest import Client
from tests.test_access_matrix import MATRIX, ROLES

pytestmark = pytest.mark.django_db

CODE_STEP = "/accounts/login/code/"
ENROLMENT = "/account/two-factor/"


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.REQUIRE_SECRETARIAT_2FA = True


# --- the people and the objects ----------------------------------------------------------------


def code_of(device):
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def logged_in_with_code(user, device):
    """A client that logged in through the login page: password, then the app's code."""
    client = Client()
    credentials = {"username": user.email, "password": factories.DEFAULT_PASSWORD}
    assert client.post("/accounts/login/", credentials)["Location"] == CODE_STEP
    assert client.post(CODE_STEP, {"code": code_of(device)}).status_code == 302
    return client


def token_of(client):
    """A token created on the account page by the client's session."""
    response = client.post("/account/tokens/", {"name": "script"})
    assert response.status_code == 201
    return response.context["new_token"][1]


@pytest.fixture
def objects(kenya, partner):
    """One object in the state each privileged action starts from."""
    profile = factories.ProfileSubmissionFactory(
        member_state=kenya,
        cycle=factories.ReportingCycleFactory(year=2026),
        status=ReviewStatus.SUBMITTED,
        complete=True,
        phase=2,
    )
    return {
        "profile": profile,
        "proposal": factories.ResourceFactory(status="submitted", proposed_by=partner),
        "plan": factories.InvestmentPlanFactory(member_state=kenya, status="submitted"),
        "commitment": factories.CommitmentFactory(
            plan=factories.InvestmentPlanFactory(member_state=kenya, status="approved")
        ),
        "publisher": factories.OrganizationFactory(),
    }


def _now(model, key, status):
    """The action's effect: the object now has `status`."""
    return lambda o: model.objects.filter(pk=o[key].pk, status=status).exists()


# --- the privileged actions --------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    route: str  # the URL name, as in the access matrix
    method: str
    kwargs: Callable[[dict], dict] = lambda o: {}
    data: Callable[[dict], dict] = lambda o: {}
    # The action's effect, read back from the database (None: a page that is read, 200).
    done: Callable[[dict], bool] | None = None
    # Pages: the page the form is on (where the code step sends the user back to).
    form_on: Callable[[dict], str] | None = None
    success: int = field(default=200)

    def url(self, objects):
        return reverse(self.route, kwargs=self.kwargs(objects))

    def __str__(self):
        return self.name


def _profile(o):
    return {"pk": o["profile"].pk}


def _proposal(o):
    return {"slug": o["proposal"].slug}


def _plan(o):
    return {"pk": o["plan"].pk}


def _commitment(o):
    return {"pk": o["commitment"].pk}


def _evidence_verified(o):
    answer = IndicatorAnswer.objects.get(submission=o["profile"], indicator_id="1")
    return answer.verification_status == "verified"


def _verified(o):
    return Commitment.objects.get(pk=o["commitment"].pk).verified_at is not None


def _published_directly(o):
    return Resource.objects.filter(title="Published at once", status="approved").exists()


def _proposal_data(o):
    return {
        "kind": "standard",
        "title": "Published at once",
        "summary": "A standard the secretariat publishes without a separate review.",
        "publisher": o["publisher"].pk,
        "languages": ["en"],
        "link": "https://example.org/standard",
        "topics": [DigitalHealthIntervention.objects.filter(version="v2")[0].pk],
        "publish": True,
    }


PAGE_ACTIONS = [
    Action("review queue", "members:review-queue", "GET"),
    Action(
        "approve a profile",
        "members:profile-review",
        "POST",
        _profile,
        lambda o: {"action": "approve", "comment": ""},
        _now(ProfileSubmission, "profile", ReviewStatus.APPROVED),
        lambda o: o["profile"].get_absolute_url(),
        302,
    ),
    Action(
        "return a profile",
        "members:profile-review",
        "POST",
        _profile,
        lambda o: {"action": "return", "comment": "Attach the strategy."},
        _now(ProfileSubmission, "profile", ReviewStatus.RETURNED),
        lambda o: o["profile"].get_absolute_url(),
        302,
    ),
    Action(
        "verify evidence",
        "members:profile-evidence-verify",
        "POST",
        lambda o: {"pk": o["profile"].pk, "code": "1"},
        lambda o: {"verification_status": "verified"},
        _evidence_verified,
        lambda o: o["profile"].get_absolute_url(),
        302,
    ),
    Action("curation queue", "resources:curation-queue", "GET"),
    Action(
        "publish a proposal",
        "resources:resource-review",
        "POST",
        _proposal,
        lambda o: {"action": "publish", "comment": ""},
        _now(Resource, "proposal", ReviewStatus.APPROVED),
        lambda o: o["proposal"].get_absolute_url(),
        302,
    ),
    Action(
        "return a proposal",
        "resources:resource-review",
        "POST",
        _proposal,
        lambda o: {"action": "return", "comment": "Add the licence."},
        _now(Resource, "proposal", ReviewStatus.RETURNED),
        lambda o: o["proposal"].get_absolute_url(),
        302,
    ),
    Action("verification queue", "investments:verification", "GET"),
    Action(
        "approve a plan",
        "investments:plan-approve",
        "POST",
        _plan,
        lambda o: {"comment": ""},
        _now(InvestmentPlan, "plan", ReviewStatus.APPROVED),
        lambda o: o["plan"].get_absolute_url(),
        302,
    ),
    Action(
        "return a plan",
        "investments:plan-return",
        "POST",
        _plan,
        lambda o: {"comment": "Cost the second year."},
        _now(InvestmentPlan, "plan", ReviewStatus.RETURNED),
        lambda o: o["plan"].get_absolute_url(),
        302,
    ),
    Action(
        "verify a commitment",
        "investments:commitment-verify",
        "POST",
        _commitment,
        lambda o: {"version": o["commitment"].version},
        _verified,
        lambda o: o["commitment"].get_absolute_url(),
        302,
    ),
    Action(
        "create an API token",
        "members:api-token-create",
        "POST",
        data=lambda o: {"name": "script"},
        done=lambda o: ApiToken.objects.exists(),
        form_on=lambda o: "/account/",
        success=201,
    ),
    Action("administration", "admin:index", "GET"),
]

API_ACTIONS = [
    Action(
        "approve a profile",
        "api:profile-approve",
        "POST",
        _profile,
        lambda o: {},
        _now(ProfileSubmission, "profile", ReviewStatus.APPROVED),
    ),
    Action(
        "return a profile",
        "api:profile-return-",
        "POST",
        _profile,
        lambda o: {"comment": "Attach the strategy."},
        _now(ProfileSubmission, "profile", ReviewStatus.RETURNED),
    ),
    Action(
        "publish a proposal",
        "api:resource-publish",
        "POST",
        _proposal,
        lambda o: {},
        _now(Resource, "proposal", ReviewStatus.APPROVED),
    ),
    Action(
        "return a proposal",
        "api:resource-return",
        "POST",
        _proposal,
        lambda o: {"comment": "Add the licence."},
        _now(Resource, "proposal", ReviewStatus.RETURNED),
    ),
    Action(
        "publish a resource at once",
        "api:resource-list",
        "POST",
        data=_proposal_data,
        done=_published_directly,
        success=201,
    ),
    Action(
        "approve a plan",
        "api:investment-plan-approve",
        "POST",
        _plan,
        lambda o: {},
        _now(InvestmentPlan, "plan", ReviewStatus.APPROVED),
    ),
    Action(
        "return a plan",
        "api:investment-plan-return-",
        "POST",
        _plan,
        lambda o: {"comment": "Cost the second year."},
        _now(InvestmentPlan, "plan", ReviewStatus.RETURNED),
    ),
    Action(
        "verify a commitment",
        "api:commitment-verify",
        "POST",
        _commitment,
        lambda o: {"version": o["commitment"].version},
        _verified,
    ),
]

# Routes only the secretariat may use that need no second factor, and why.
READS_WITHOUT_SECOND_FACTOR = {
    # Draft transparency reports are read, not changed, like the drafts of profiles and plans
    # (which focal points read too); they are published in the admin, which needs the factor.
    ("reports:report-latest", "GET"),
    ("reports:report-detail", "GET"),
    ("reports:report-csv", "GET"),
    ("reports:report-json", "GET"),
    ("api:transparency-report-detail", "GET"),
}

REFUSED = {"login", "401", "403", "404", "405"}


def _only_the_secretariat(outcomes):
    *others, secretariat = outcomes.split()
    return secretariat not in REFUSED and all(outcome in REFUSED for outcome in others)


def test_the_tables_hold_every_route_only_the_secretariat_may_use():
    assert ROLES[-1] == "secretariat"
    secretariat_only = set()
    for row in MATRIX:
        if _only_the_secretariat(row.read):
            secretariat_only.add((row.route, "GET"))
        method, outcomes = row.write.split(" ", 1)
        if _only_the_secretariat(outcomes):
            secretariat_only.add((row.route, method))
    tabled = {(action.route, action.method) for action in PAGE_ACTIONS + API_ACTIONS}
    missing = secretariat_only - tabled - READS_WITHOUT_SECOND_FACTOR
    assert not missing, (
        "Only the secretariat may use these routes (tests/test_access_matrix.py), but they are "
        "not in this file's tables of privileged actions: guard them with "
        "members.permissions.second_factor_required (pages) or HasSecondFactor (API) and add "
        f"a row: {sorted(missing)}"
    )
    assert len(secretariat_only) > 15  # the derivation finds them


# --- requests ----------------------------------------------------------------------------------


def _send(client, action, objects, **extra):
    if action.method == "GET":
        return client.get(action.url(objects), **extra)
    if action.route.startswith("api:"):
        return client.post(
            action.url(objects), action.data(objects), content_type="application/json", **extra
        )
    referer = f"http://testserver{action.form_on(objects)}"
    return client.post(action.url(objects), action.data(objects), HTTP_REFERER=referer, **extra)


def _step_and_next(location):
    parts = urlsplit(location)
    return parts.path, parse_qs(parts.query)["next"][0]


def _back_to(action, objects):
    return action.url(objects) if action.method == "GET" else action.form_on(objects)


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", PAGE_ACTIONS, ids=str)
def test_a_page_without_a_verified_session_asks_for_the_code_and_does_nothing(
    action, objects, secretariat, client_for
):
    enrolled(secretariat)
    client = client_for(secretariat)  # password only
    response = _send(client, action, objects, follow=True)
    step, back = _step_and_next(response.redirect_chain[-1][0])
    assert (step, back) == (CODE_STEP, _back_to(action, objects))
    html = response.content.decode()
    assert "Enter your authentication code" in html
    if action.method == "GET":
        assert "This page needs a second factor" in html
    else:
        assert "Not done yet: approving, returning, verifying, publishing" in html
        assert not action.done(objects)


@pytest.mark.parametrize("action", PAGE_ACTIONS, ids=str)
def test_a_page_without_an_authenticator_guides_to_enrolment(
    action, objects, secretariat, client_for
):
    response = _send(client_for(secretariat), action, objects, follow=True)
    step, back = _step_and_next(response.redirect_chain[-1][0])
    assert (step, back) == (ENROLMENT, _back_to(action, objects))
    assert "set up an authenticator app on your phone" in response.content.decode().lower()
    if action.done is not None:
        assert not action.done(objects)


@pytest.mark.parametrize("action", PAGE_ACTIONS, ids=str)
def test_a_page_with_a_verified_session_does_it(action, objects, secretariat):
    client = logged_in_with_code(secretariat, enrolled(secretariat))
    response = _send(client, action, objects)
    assert response.status_code == action.success, response.get("Location")
    if action.done is not None:
        assert action.done(objects)


def test_the_code_step_leads_back_to_the_page_and_the_action_then_succeeds(
    objects, secretariat, client_for
):
    device = enrolled(secretariat)
    client = client_for(secretariat)
    plan = objects["plan"]
    refused = client.post(
        f"/investments/plans/{plan.pk}/approve/",
        HTTP_REFERER=f"http://testserver/investments/plans/{plan.pk}/",
    )
    assert refused["Location"] == f"{CODE_STEP}?next=/investments/plans/{plan.pk}/"
    verified = client.post(refused["Location"], {"code": code_of(device)})
    assert verified["Location"] == f"/investments/plans/{plan.pk}/"
    assert client.post(f"/investments/plans/{plan.pk}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.APPROVED


def test_enrolling_from_a_refused_action_leads_back_and_verifies_the_session(
    objects, secretariat, client_for
):
    client = client_for(secretariat)
    response = client.get("/investments/verification/")
    assert response["Location"] == f"{ENROLMENT}?next=/investments/verification/"
    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=secretariat)
    confirmed = client.post(
        ENROLMENT, {"code": code_of(device), "next": "/investments/verification/"}
    )
    assert confirmed["Location"] == "/investments/verification/"
    assert client.get("/investments/verification/").status_code == 200


def test_publishing_at_once_on_the_proposal_page_needs_the_second_factor(
    objects, secretariat, client_for
):
    from tests.resources.test_pages import proposal_data

    enrolled(secretariat)
    client = client_for(secretariat)
    page = client.get("/resources/propose/").content.decode()
    assert 'name="publish"' in page and "disabled" in page.split('name="publish"')[1][:80]
    assert f'href="{CODE_STEP}?next=/resources/propose/"' in page
    response = client.post("/resources/propose/", proposal_data(publish="on"))
    assert response.status_code == 302
    # Not published: sent to review like anyone's proposal.
    resource = Resource.objects.get(title="Immunization registry toolkit")
    assert resource.status == ReviewStatus.SUBMITTED


def test_publishing_at_once_on_the_proposal_page_with_a_verified_session(objects, secretariat):
    from tests.resources.test_pages import proposal_data

    client = logged_in_with_code(secretariat, enrolled(secretariat))
    assert (
        "disabled"
        not in client.get("/resources/propose/").content.decode().split('name="publish"')[1][:80]
    )
    assert client.post("/resources/propose/", proposal_data(publish="on")).status_code == 302
    resource = Resource.objects.get(title="Immunization registry toolkit")
    assert resource.status == ReviewStatus.APPROVED


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", API_ACTIONS, ids=str)
def test_the_api_refuses_a_session_without_the_second_factor(
    action, objects, secretariat, client_for
):
    enrolled(secretariat)
    response = _send(client_for(secretariat), action, objects)
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "needs a second factor" in detail and CODE_STEP in detail and ENROLMENT in detail
    assert not action.done(objects)


@pytest.mark.parametrize("action", API_ACTIONS, ids=str)
def test_the_api_refuses_a_token_created_without_the_second_factor(action, objects, secretariat):
    # As every token created before the change: no second factor recorded.
    _token, raw = member_services.create_api_token(user=secretariat, name="old script")
    response = _send(Client(), action, objects, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "This API token has no second factor" in detail
    assert "create a new token at /account/" in detail
    assert not action.done(objects)


@pytest.mark.parametrize("action", API_ACTIONS, ids=str)
@pytest.mark.parametrize("credentials", ["session", "token"])
def test_the_api_does_it_with_the_second_factor(action, credentials, objects, secretariat):
    client = logged_in_with_code(secretariat, enrolled(secretariat))
    extra = {}
    if credentials == "token":
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token_of(client)}"}
        client = Client()
    response = _send(client, action, objects, **extra)
    assert response.status_code == action.success, response.content.decode()
    assert action.done(objects)


# --- API tokens --------------------------------------------------------------------------------


def test_a_token_records_the_second_factor_of_the_session_that_created_it(secretariat):
    device = enrolled(secretariat)
    client = logged_in_with_code(secretariat, device)
    token_of(client)
    token = ApiToken.objects.get(user=secretariat)
    assert token.verified_with == device and token.has_second_factor
    account = client.get("/account/").content.decode()
    assert "Second factor" in account and "Yes" in account


def test_without_the_second_factor_the_secretariat_creates_no_token(secretariat, client_for):
    enrolled(secretariat)
    response = client_for(secretariat).post(
        "/account/tokens/", {"name": "script"}, HTTP_REFERER="http://testserver/account/"
    )
    assert response["Location"] == f"{CODE_STEP}?next=/account/"
    assert not ApiToken.objects.exists()


def test_focal_points_and_partners_create_tokens_as_before(partner, client_for):
    assert client_for(partner).post("/account/tokens/", {"name": "script"}).status_code == 201
    assert not ApiToken.objects.get(user=partner).has_second_factor


def test_removing_the_authenticator_takes_the_second_factor_from_its_tokens(objects, secretariat):
    device = enrolled(secretariat)
    client = logged_in_with_code(secretariat, device)
    raw = token_of(client)
    # Turning two-factor off needs a later code than the one used to log in.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
        removed = client.post("/account/two-factor/remove/", {"code": code_of(device)})
    assert removed.status_code == 302
    assert ApiToken.objects.get(user=secretariat).verified_with is None
    response = Client().post(
        f"/api/v1/investment-plans/{objects['plan'].pk}/approve/",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert "This API token has no second factor" in response.json()["detail"]


def test_a_token_without_the_second_factor_still_reads(objects, secretariat):
    _token, raw = member_services.create_api_token(user=secretariat, name="old script")
    response = Client().get(
        f"/api/v1/investment-plans/{objects['plan'].pk}/", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200  # the secretariat still reads the submitted plan


# --- who is held to it, and when ---------------------------------------------------------------


def test_focal_points_act_as_before(objects, focal_point_kenya, client_for):
    plan = factories.InvestmentPlanFactory(member_state=objects["plan"].member_state)
    factories.PriorityCostFactory(priority=factories.PriorityFactory(plan=plan))
    response = client_for(focal_point_kenya).post(f"/investments/plans/{plan.pk}/submit/")
    assert response.status_code == 302 and CODE_STEP not in response["Location"]
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.SUBMITTED


def test_with_the_setting_off_the_secretariat_acts_with_a_password(
    settings, objects, secretariat, client_for
):
    """The demo (`make run`, DEBUG on) and the rest of the suite."""
    settings.REQUIRE_SECRETARIAT_2FA = False
    enrolled(secretariat)
    plan = objects["plan"]
    assert client_for(secretariat).post(f"/investments/plans/{plan.pk}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.APPROVED
