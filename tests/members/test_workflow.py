"""The shared review workflow (members/workflow.py), exercised through profile submissions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import ProfileSubmission
from members.workflow import (
    IllegalTransition,
    ReviewAction,
    ReviewEvent,
    ReviewStatus,
    StaleVersion,
    apply_transition,
    lock_for_edit,
    save_edit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(kenya):
    return factories.ProfileSubmissionFactory(member_state=kenya)


def test_full_path_records_who_when_and_why(draft, focal_point_kenya, secretariat):
    submitted = apply_transition(draft, action=ReviewAction.SUBMIT, by=focal_point_kenya)
    assert submitted.status == ReviewStatus.SUBMITTED and submitted.version == 2
    returned = apply_transition(
        submitted, action=ReviewAction.RETURN, by=secretariat, comment="  Add the PDF.  "
    )
    assert returned.status == ReviewStatus.RETURNED
    with transaction.atomic():
        current = lock_for_edit(returned, expected_version=returned.version)
        current.strategy_title = "Fixed"
        reopened = save_edit(current, by=focal_point_kenya)
    assert reopened.status == ReviewStatus.DRAFT and reopened.version == 4
    apply_transition(reopened, action="submit", by=focal_point_kenya)
    approved = apply_transition(reopened, action="approve", by=secretariat)
    assert approved.status == ReviewStatus.APPROVED and approved.version == 6

    events = list(approved.review_events.all())
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("reopen", "returned", "draft"),
        ("submit", "draft", "submitted"),
        ("approve", "submitted", "approved"),
    ]
    assert [e.by for e in events] == [
        focal_point_kenya,
        secretariat,
        focal_point_kenya,
        focal_point_kenya,
        secretariat,
    ]
    assert events[1].comment == "Add the PDF."
    assert all(e.at is not None for e in events)
    assert events == sorted(events, key=lambda e: e.at)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ReviewStatus.DRAFT, "approve"),
        (ReviewStatus.DRAFT, "return"),
        (ReviewStatus.SUBMITTED, "submit"),
        (ReviewStatus.APPROVED, "submit"),
        (ReviewStatus.APPROVED, "approve"),
        (ReviewStatus.APPROVED, "return"),
        (ReviewStatus.RETURNED, "approve"),
        (ReviewStatus.RETURNED, "submit"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(kenya, secretariat, status, action):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, status=status)
    with pytest.raises(IllegalTransition) as refused:
        apply_transition(submission, action=action, by=secretariat, comment="why")
    assert "Cannot" in str(refused.value)
    assert refused.value.extra["current_status"] == status
    submission.refresh_from_db()
    assert submission.status == status and submission.version == 1
    assert not ReviewEvent.objects.exists()


def test_unknown_action_is_a_validation_error(draft, secretariat):
    with pytest.raises(ValidationError):
        apply_transition(draft, action="publish", by=secretariat)


def test_return_requires_a_comment(draft, focal_point_kenya, secretariat):
    apply_transition(draft, action="submit", by=focal_point_kenya)
    with pytest.raises(ValidationError) as refused:
        apply_transition(draft, action="return", by=secretariat, comment="   ")
    assert "comment" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.SUBMITTED


def test_validate_hook_runs_on_the_locked_row_and_can_refuse(draft, focal_point_kenya):
    seen = []

    def validate(current):
        seen.append(current.version)
        raise ValidationError("incomplete")

    with pytest.raises(ValidationError):
        apply_transition(draft, action="submit", by=focal_point_kenya, validate=validate)
    assert seen == [1]
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT and not ReviewEvent.objects.exists()


@pytest.mark.parametrize("stale", [None, 0, 2, "abc", "1x"])
def test_stale_or_missing_version_is_refused(draft, stale):
    with pytest.raises(StaleVersion) as refused, transaction.atomic():
        lock_for_edit(draft, expected_version=stale)
    assert refused.value.extra["current_version"] == 1
    assert "changed by someone else" in str(refused.value)


def test_the_version_may_come_as_a_string_from_a_form(draft):
    with transaction.atomic():
        assert lock_for_edit(draft, expected_version="1").pk == draft.pk


@pytest.mark.parametrize("status", [ReviewStatus.SUBMITTED, ReviewStatus.APPROVED])
def test_submitted_and_approved_records_cannot_be_edited(kenya, status):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, status=status)
    with pytest.raises(IllegalTransition, match="can no longer be edited"), transaction.atomic():
        lock_for_edit(submission, expected_version=1)


def test_allowed_actions_follow_the_status(kenya):
    assert ProfileSubmission(status="draft").allowed_actions() == ["submit"]
    assert sorted(ProfileSubmission(status="submitted").allowed_actions()) == [
        "approve",
        "return",
    ]
    assert ProfileSubmission(status="returned").allowed_actions() == ["reopen"]
    assert ProfileSubmission(status="approved").allowed_actions() == []
