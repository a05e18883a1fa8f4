"""Optimistic locking on commitments and priorities: of two simultaneous writes based on the same
version, one is saved and the other refused, never silently lost."""

import datetime
import threading
from decimal import Decimal as D

import pytest
from django.db import connection

from investments import services
from investments.models import Commitment, InvestmentPlan, Priority
from members.workflow import StaleVersion

from .. import factories


def _race(*writers):
    """Run each writer in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(writers))
    outcomes = {}

    def run(name, write):
        try:
            barrier.wait(timeout=5)
            write()
            outcomes[name] = "saved"
        except StaleVersion:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_partner_advance_and_secretariat_verify_one_wins(partner, secretariat):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    outcomes = _race(
        (
            "advance",
            lambda: services.advance_commitment(
                commitment=commitment,
                by=partner,
                version=1,
                amount=D("800.00"),
                on=datetime.date(2024, 4, 1),
            ),
        ),
        (
            "verify",
            lambda: services.verify_commitment(commitment=commitment, by=secretariat, version=1),
        ),
    )
    assert sorted(outcomes.values()) == ["refused", "saved"]
    commitment.refresh_from_db()
    assert commitment.version == 2
    if outcomes["advance"] == "saved":
        # The secretariat never verified a stage it had not seen.
        assert commitment.status == Commitment.Status.COMMITTED and commitment.verified_at is None
    else:
        assert (
            commitment.status == Commitment.Status.PLEDGED and commitment.verified_by == secretariat
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_two_priority_edits_on_the_same_plan_version_one_is_refused(focal_point_kenya):
    plan = factories.InvestmentPlanFactory(member_state=focal_point_kenya.member_state)
    priority = factories.PriorityFactory(plan=plan, rank=1, title="Original")

    def edit(title):
        return lambda: services.save_priority(
            plan=plan,
            priority=priority,
            by=focal_point_kenya,
            version=1,
            rank=1,
            title=title,
            component=priority.component,
            costs={2024: D("100.00")},
        )

    outcomes = _race(("A", edit("A")), ("B", edit("B")))
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(title for title, outcome in outcomes.items() if outcome == "saved")
    assert Priority.objects.get(pk=priority.pk).title == winner
    assert InvestmentPlan.objects.get(pk=plan.pk).version == 2


@pytest.mark.django_db
def test_api_refuses_a_stale_commitment_version_with_409(client_for, partner, secretariat):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    url = f"/api/v1/commitments/{commitment.pk}/"
    assert client_for(partner).get(url).json()["version"] == 1
    verified = client_for(secretariat).post(
        f"{url}verify/", {"version": 1}, content_type="application/json"
    )
    assert verified.status_code == 200 and verified.json()["version"] == 2
    stale = client_for(partner).post(
        f"{url}advance/",
        {"version": 1, "amount": "900.00", "on": "2024-04-01"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version" and stale.json()["current_version"] == 2
    missing = client_for(secretariat).post(f"{url}verify/", {}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    commitment.refresh_from_db()
    assert commitment.status == "pledged" and commitment.verified_by == secretariat


@pytest.mark.django_db
def test_pages_show_a_clear_error_for_a_stale_commitment(client_for, partner, secretariat):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    services.verify_commitment(commitment=commitment, by=secretariat, version=1)
    page = client_for(partner).post(
        f"/investments/commitments/{commitment.pk}/advance/",
        {"version": 1, "amount": "900.00", "on": "2024-04-01"},
    )
    assert page.status_code == 200
    assert "changed by someone else since you opened it" in page.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == "pledged"


@pytest.mark.django_db
def test_admin_refuses_a_stale_save_and_keeps_the_first(client_for, partner, secretariat):
    commitment = factories.CommitmentFactory(organization=partner.organization)
    admin = client_for(secretariat)
    url = f"/admin/investments/commitment/{commitment.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        plan=commitment.plan_id,
        organization=commitment.organization_id,
        description="Secretariat correction",
        pledged_on="2024-03-01",
    )
    services.verify_commitment(commitment=commitment, by=secretariat, version=1)
    refused = admin.post(url, data)
    assert refused.status_code == 200
    assert "Someone else saved this record since you opened it" in refused.content.decode()
    commitment.refresh_from_db()
    assert commitment.description == "" and commitment.version == 2
    data["seen_version"] = 2
    assert admin.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.description == "Secretariat correction" and commitment.version == 3
