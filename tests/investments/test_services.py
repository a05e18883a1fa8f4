import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from investments import services
from investments.models import Commitment, InvestmentPlan, PriorityCost
from members.models import GdhmComponent
from members.workflow import IllegalTransition, StaleVersion
from resources.models import DigitalHealthIntervention

from .. import factories


@pytest.fixture
def draft(kenya, focal_point_kenya):
    return services.create_plan(
        member_state=kenya,
        by=focal_point_kenya,
        title="Plan",
        start_year=2024,
        end_year=2026,
        currency="kes",
    )


def _priority(plan, by, **overrides):
    plan.refresh_from_db()
    data = {
        "rank": 1,
        "title": "Shared health record",
        "component": GdhmComponent.objects.get(pk=5),
        "costs": {2024: D("100.00"), 2025: D("200.00")},
    }
    data.update(overrides)
    return services.save_priority(plan=plan, by=by, version=plan.version, **data)


def test_create_plan_normalises_currency_and_checks_the_period(draft, kenya, focal_point_kenya):
    assert draft.currency == "KES" and draft.status == "draft" and draft.version == 1
    with pytest.raises(ValidationError):
        services.create_plan(
            member_state=kenya,
            by=focal_point_kenya,
            title="Backwards",
            start_year=2026,
            end_year=2024,
            currency="KES",
        )


def test_save_priority_stores_costs_and_bumps_the_plan_version(draft, focal_point_kenya):
    priority = _priority(draft, focal_point_kenya)
    assert {c.year: c.amount for c in priority.costs.all()} == {
        2024: D("100.00"),
        2025: D("200.00"),
    }
    draft.refresh_from_db()
    assert draft.version == 2


def test_save_priority_refuses_years_outside_the_period_and_v1_codes(draft, focal_point_kenya):
    with pytest.raises(ValidationError) as error:
        _priority(draft, focal_point_kenya, costs={2030: D("5")})
    assert "outside the plan period" in str(error.value)
    v1 = DigitalHealthIntervention.objects.filter(version="v1").first()
    with pytest.raises(ValidationError):
        _priority(draft, focal_point_kenya, interventions=[v1])


def test_stale_version_is_refused(draft, focal_point_kenya):
    with pytest.raises(StaleVersion):
        services.update_plan(plan=draft, by=focal_point_kenya, version=99, title="Late")


def test_submit_needs_a_costed_priority(draft, focal_point_kenya):
    with pytest.raises(ValidationError):
        services.submit_plan(plan=draft, by=focal_point_kenya)
    _priority(draft, focal_point_kenya)
    plan = services.submit_plan(plan=draft, by=focal_point_kenya)
    assert plan.status == "submitted"
    assert plan.review_events.get().action == "submit"


def test_returned_plan_is_edited_back_to_draft(draft, focal_point_kenya, secretariat):
    _priority(draft, focal_point_kenya)
    services.submit_plan(plan=draft, by=focal_point_kenya)
    with pytest.raises(ValidationError):
        services.return_plan(plan=draft, by=secretariat, comment="")
    plan = services.return_plan(plan=draft, by=secretariat, comment="Cost 2026 too.")
    plan = services.update_plan(plan=plan, by=focal_point_kenya, version=plan.version, title="B")
    assert plan.status == "draft"


def test_approved_plan_can_no_longer_be_edited(focal_point_kenya, kenya):
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    with pytest.raises(IllegalTransition):
        services.update_plan(plan=plan, by=focal_point_kenya, version=plan.version, title="X")


def test_shortening_the_period_refuses_to_drop_costs(draft, focal_point_kenya):
    _priority(draft, focal_point_kenya)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_plan(plan=draft, by=focal_point_kenya, version=draft.version, end_year=2024)
    assert PriorityCost.objects.count() == 2


def test_commitments_only_against_approved_plans(draft, partner):
    with pytest.raises(IllegalTransition):
        services.record_commitment(
            plan=draft,
            by=partner,
            organization=partner.organization,
            kind="cash",
            currency="USD",
            year=2024,
            amount=D("10"),
        )


def test_in_kind_needs_a_description(partner):
    plan = factories.InvestmentPlanFactory(status="approved")
    with pytest.raises(ValidationError) as error:
        services.record_commitment(
            plan=plan,
            by=partner,
            organization=partner.organization,
            kind="in_kind",
            currency="USD",
            year=2024,
            amount=D("10"),
        )
    assert set(error.value.message_dict) == {"description", "in_kind_type"}


def test_commitment_moves_through_its_stages_keeping_each_amount(partner, secretariat):
    plan = factories.InvestmentPlanFactory(status="approved")
    commitment = services.record_commitment(
        plan=plan,
        by=partner,
        organization=partner.organization,
        kind="cash",
        currency="usd",
        year=2024,
        amount=D("1000.00"),
        pledged_on=datetime.date(2024, 1, 1),
    )
    commitment = services.verify_commitment(
        commitment=commitment, by=secretariat, version=commitment.version
    )
    commitment = services.advance_commitment(
        commitment=commitment,
        by=partner,
        version=commitment.version,
        amount=D("900.00"),
        on=datetime.date(2024, 2, 1),
    )
    assert commitment.verified_at is None  # the new stage needs verifying again
    with pytest.raises(ValidationError):
        services.advance_commitment(
            commitment=commitment,
            by=partner,
            version=commitment.version,
            amount=D("901.00"),
            on=datetime.date(2024, 3, 1),
        )
    commitment = services.advance_commitment(
        commitment=commitment,
        by=partner,
        version=commitment.version,
        amount=D("450.00"),
        on=datetime.date(2024, 3, 1),
    )
    assert (
        commitment.pledged_amount,
        commitment.committed_amount,
        commitment.disbursed_amount,
    ) == (D("1000.00"), D("900.00"), D("450.00"))
    assert commitment.status == Commitment.Status.DISBURSED
    with pytest.raises(IllegalTransition):
        services.advance_commitment(
            commitment=commitment, by=partner, version=commitment.version, amount=D("1")
        )
    commitment = services.verify_commitment(
        commitment=commitment, by=secretariat, version=commitment.version
    )
    with pytest.raises(IllegalTransition):
        services.verify_commitment(
            commitment=commitment, by=secretariat, version=commitment.version
        )


def test_api_writes_a_plan_with_priorities(client_for, focal_point_kenya, secretariat):
    client = client_for(focal_point_kenya)
    response = client.post(
        "/api/v1/investment-plans/",
        {"title": "API plan", "start_year": 2024, "end_year": 2025, "currency": "KES"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["member_state"] == "KEN" and plan["allowed_actions"] == ["edit", "submit"]
    response = client.post(
        f"/api/v1/investment-plans/{plan['id']}/priorities/",
        {
            "version": plan["version"],
            "rank": 1,
            "title": "Records",
            "component": 5,
            "interventions": ["1.1.1"],
            "costs": [{"year": 2024, "amount": "1000.00"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cost"] == "1000.00" and body["version"] == 2
    priority = body["priorities"][0]
    stale = client.put(
        f"/api/v1/investment-plans/{plan['id']}/priorities/{priority['id']}/",
        {"version": 1, "rank": 1, "title": "Records", "component": 5, "costs": []},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    removed = client.delete(
        f"/api/v1/investment-plans/{plan['id']}/priorities/{priority['id']}/",
        {"version": 2},
        content_type="application/json",
    )
    assert removed.status_code == 200 and removed.json()["priorities"] == []
    wrong_state = client_for(secretariat).post(
        f"/api/v1/investment-plans/{plan['id']}/approve/", {}, content_type="application/json"
    )
    assert wrong_state.status_code == 409
    assert InvestmentPlan.objects.get(pk=plan["id"]).status == "draft"


@pytest.mark.any_day
def test_a_stage_without_a_date_is_dated_today(partner, secretariat, today):
    plan = factories.InvestmentPlanFactory(
        status="approved", start_year=today.year - 1, end_year=today.year + 1
    )
    commitment = services.record_commitment(
        plan=plan,
        by=partner,
        organization=partner.organization,
        kind="cash",
        currency="KES",
        year=today.year,
        amount=D("1000.00"),
    )
    assert commitment.pledged_on == today
    commitment = services.advance_commitment(
        commitment=commitment, by=partner, version=commitment.version, amount=D("900.00")
    )
    assert commitment.committed_on == today
    commitment = services.verify_commitment(
        commitment=commitment, by=secretariat, version=commitment.version
    )
    assert commitment.verified_at.date() == today
    with pytest.raises(ValidationError, match="cannot come before its pledge"):
        services.advance_commitment(
            commitment=services.record_commitment(
                plan=plan,
                by=partner,
                organization=partner.organization,
                kind="cash",
                currency="KES",
                year=today.year,
                amount=D("10.00"),
                pledged_on=today + datetime.timedelta(days=1),
            ),
            by=partner,
            version=1,
            amount=D("10.00"),
        )
