"""A profile's review: submitted (a frozen version kept), approved or returned by the
secretariat, and its evidence verified."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data

from .. import tasks
from ..models import (
    GdhmIndicator,
    IndicatorAnswer,
    ProfileSubmission,
    ProfileVersion,
)
from ..workflow import ReviewAction, apply_transition
from .profile_drafts import profile_snapshot


def _validate_complete(submission):
    indicators = GdhmIndicator.objects.all()
    missing = submission.missing_by_section(indicators)
    labels = [str(label) for section in missing.values() for label in section]
    if labels:
        raise ValidationError(
            _("The profile cannot be submitted yet; complete: %(fields)s.")
            % {"fields": "; ".join(labels)},
            code="incomplete",
            params={"missing": labels},
        )


@changes_data("members")
@transaction.atomic
def submit_profile(*, submission, by) -> ProfileSubmission:
    """Submit a complete draft for review (every missing answer listed otherwise); keeps a
    frozen copy of it and tells the secretariat after commit."""
    submission = apply_transition(
        submission, action=ReviewAction.SUBMIT, by=by, validate=_validate_complete
    )
    ProfileVersion.objects.create(
        submission=submission,
        version=submission.version,
        data=profile_snapshot(submission),
        created_by=by,
    )
    tasks.notify_profile_submitted.delay_on_commit(submission.pk)
    return submission


@changes_data("members")
@transaction.atomic
def approve_profile(*, submission, by, comment="") -> ProfileSubmission:
    """Approve a submitted profile: it becomes the member state's published profile."""
    submission = apply_transition(submission, action=ReviewAction.APPROVE, by=by, comment=comment)
    tasks.notify_profile_reviewed.delay_on_commit(submission.pk)
    return submission


@changes_data("members")
@transaction.atomic
def return_profile(*, submission, by, comment) -> ProfileSubmission:
    """Return a submitted profile to its focal points, saying what must change."""
    submission = apply_transition(submission, action=ReviewAction.RETURN, by=by, comment=comment)
    tasks.notify_profile_reviewed.delay_on_commit(submission.pk)
    return submission


@changes_data("members")
@transaction.atomic
def verify_evidence(*, answer, by, status) -> IndicatorAnswer:
    """Record the secretariat's verdict on an answer's evidence."""
    if status not in IndicatorAnswer.Verification.values:
        raise ValidationError({"verification_status": _("Unknown verification status.")})
    answer = IndicatorAnswer.objects.select_for_update().get(pk=answer.pk)
    answer.verification_status = status
    answer.save(update_fields=["verification_status"])
    return answer
