"""The audit trail: database triggers record who changed what, from where, bulk writes included."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from gidh_portal.audit import audit_context, without_history
from gidh_portal.celery import app as celery_app
from investments import services as investment_services
from investments.models import Commitment, CommitmentEvent, InvestmentPlanEvent, PriorityEvent
from members import services as member_services
from members.models import User, UserGroupLinkEvent, UserRoleEvent

from . import factories

pytestmark = pytest.mark.django_db


def test_a_page_edit_records_the_user_the_url_and_the_diff(client_for, focal_point_kenya):
    plan = factories.InvestmentPlanFactory(member_state=focal_point_kenya.member_state)
    response = client_for(focal_point_kenya).post(
        f"/investments/plans/{plan.pk}/edit/",
        {
            "version": plan.version,
            "title": "Costed plan, second draft",
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "currency": plan.currency,
            "strategy_url": plan.strategy_url,
            "summary": "",
        },
    )
    assert response.status_code == 302
    event = InvestmentPlanEvent.objects.filter(pgh_obj=plan, pgh_label="update").get()
    assert event.title == "Costed plan, second draft" and event.version == 2
    metadata = event.pgh_context.metadata
    assert metadata["user"] == focal_point_kenya.pk
    assert metadata["user_email"] == "focal.ken@example.org"
    assert metadata["url"] == f"/investments/plans/{plan.pk}/edit/"


def test_a_queryset_update_is_recorded_with_its_context(partner):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    with audit_context(command="fix_descriptions"):
        updated = Commitment.objects.filter(pk=commitment.pk).update(description="Corrected")
    assert updated == 1
    event = CommitmentEvent.objects.get(pgh_obj_id=commitment.pk, pgh_label="update")
    assert event.description == "Corrected"
    assert event.pgh_context.metadata == {"command": "fix_descriptions"}


def test_an_api_delete_with_a_token_records_the_token_user(client_for, focal_point_kenya):
    plan = factories.InvestmentPlanFactory(member_state=focal_point_kenya.member_state)
    priority = factories.PriorityFactory(plan=plan, title="Telemedicine")
    _token, raw = member_services.create_api_token(user=focal_point_kenya, name="script")
    response = client_for(None).delete(
        f"/api/v1/investment-plans/{plan.pk}/priorities/{priority.pk}/",
        {"version": plan.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    event = PriorityEvent.objects.get(pgh_obj_id=priority.pk, pgh_label="delete")
    assert event.title == "Telemedicine"
    assert event.pgh_context.metadata["user"] == focal_point_kenya.pk
    assert event.pgh_context.metadata["user_email"] == "focal.ken@example.org"
    assert event.pgh_context.metadata["url"].endswith(f"/priorities/{priority.pk}/")


def test_role_changes_are_recorded_but_not_passwords_or_logins(secretariat, kenya):
    user = factories.UserFactory(email="new.focal@example.org")
    user.set_password("a-new-secret-password")
    user.last_login = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    user.save()
    assert UserRoleEvent.objects.filter(pgh_obj=user, pgh_label="update").count() == 0
    User.objects.filter(pk=user.pk).update(member_state=kenya)
    user.groups.add(*secretariat.groups.all())
    role = UserRoleEvent.objects.get(pgh_obj=user, pgh_label="update")
    assert role.member_state_id == "KEN"
    assert not hasattr(role, "password")
    assert UserGroupLinkEvent.objects.filter(user=user, pgh_label="add").count() == 1


def test_seeding_skips_the_history_but_services_keep_it(partner, secretariat):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    with without_history():
        Commitment.objects.filter(pk=commitment.pk).update(description="Seeded")
    assert not CommitmentEvent.objects.filter(pgh_label="update").exists()
    investment_services.verify_commitment(
        commitment=commitment, by=secretariat, version=commitment.version
    )
    assert CommitmentEvent.objects.filter(pgh_obj_id=commitment.pk, pgh_label="update").exists()


def test_a_management_command_context_names_the_command(partner):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    with audit_context(command="shell"):
        call_command("check")
        Commitment.objects.filter(pk=commitment.pk).update(pledged_amount=D("5.00"))
    event = CommitmentEvent.objects.get(pgh_obj_id=commitment.pk, pgh_label="update")
    assert event.pgh_context.metadata["command"] == "shell"


def test_the_admin_shows_a_records_audit_trail_in_bounded_queries(
    client_for, secretariat, focal_point_kenya, partner, django_assert_max_num_queries
):
    plan = factories.InvestmentPlanFactory(member_state=focal_point_kenya.member_state)
    admin = client_for(secretariat)
    change = admin.get(f"/admin/investments/investmentplan/{plan.pk}/change/")
    assert change.status_code == 200
    assert b"Audit trail" in change.content
    for n in range(5):
        investment_services.update_plan(
            plan=plan, by=focal_point_kenya, version=n + 1, title=f"Draft {n}"
        )
    factories.PriorityFactory(plan=plan, title="Referral system")
    url = f"/admin/pghistory/events/?method=references&obj=investments.InvestmentPlan:{plan.pk}"
    with django_assert_max_num_queries(12):
        page = admin.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Draft 3 → Draft 4" in text.replace("&nbsp;", " ")
    assert "investments.Priority" in text and "insert" in text
    assert client_for(partner).get(url).status_code == 302
    assert client_for(focal_point_kenya).get("/admin/pghistory/events/").status_code == 302


@celery_app.task(name="tests.audit.describe_commitment")
def describe_commitment(pk, description):
    Commitment.objects.filter(pk=pk).update(description=description)


def test_a_celery_task_writes_under_its_name(partner):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    describe_commitment.apply(args=(commitment.pk, "From a task")).get()
    event = CommitmentEvent.objects.get(pgh_obj_id=commitment.pk, pgh_label="update")
    assert event.pgh_context.metadata == {"task": "tests.audit.describe_commitment"}


def test_a_users_audit_trail_shows_role_and_group_changes(client_for, secretariat, kenya):
    user = factories.UserFactory(email="future.focal@example.org")
    with audit_context(user=secretariat.pk, user_email=secretariat.email, url="/admin/"):
        User.objects.filter(pk=user.pk).update(member_state=kenya)
        user.groups.add(*secretariat.groups.all())
    admin = client_for(secretariat)
    assert b"Audit trail" in admin.get(f"/admin/members/user/{user.pk}/change/").content
    page = admin.get(f"/admin/pghistory/events/?method=references&obj=members.User:{user.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "member_state_id: ∅ → KEN" in text
    group = secretariat.groups.get()
    assert f"group_id: {group.pk}" in text and "secretariat@who.example.org" in text


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_the_celery_worker_records_the_task_name(celery_worker, partner):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    describe_commitment.delay(commitment.pk, "From the worker").get(timeout=20)
    event = CommitmentEvent.objects.get(pgh_obj_id=commitment.pk, pgh_label="update")
    assert event.description == "From the worker"
    assert event.pgh_context.metadata == {"task": "tests.audit.describe_commitment"}
