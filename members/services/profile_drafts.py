"""A member state's draft profile: started (prefilled from its published one) and edited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data

from ..documents import validate_pdf
from ..models import (
    GdhmIndicator,
    IndicatorAnswer,
    Ministry,
    ProfileSubmission,
    Standard,
)
from ..workflow import ConflictError, lock_for_edit, save_edit


def profile_snapshot(submission):
    data = {}
    for name in ProfileSubmission.STRATEGY_FIELDS + ProfileSubmission.GOVERNANCE_FIELDS:
        value = getattr(submission, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["strategy_document"] = bool(submission.strategy_document)
    data["answers"] = {
        answer.indicator_id: {
            "phase": answer.phase,
            "evidence_note": answer.evidence_note,
            "source_url": answer.source_url,
            "evidence_document": bool(answer.evidence_document),
        }
        for answer in submission.answers.all()
    }
    return data


@changes_data("members")
@transaction.atomic
def start_profile(*, member_state, cycle, by) -> ProfileSubmission:
    """Create the member state's draft for `cycle`, prefilled from its published profile. A
    second profile for the same cycle contradicts the one there (a ConflictError, 409 in the
    API)."""
    already = ConflictError(
        _("%(country)s already has a profile for the %(cycle)s reporting cycle.")
        % {"country": member_state, "cycle": cycle}
    )
    if ProfileSubmission.objects.filter(member_state=member_state, cycle=cycle).exists():
        raise already
    previous = (
        ProfileSubmission.objects.published()
        .filter(member_state=member_state, cycle__year__lt=cycle.year)
        .first()
    )
    submission = ProfileSubmission(member_state=member_state, cycle=cycle, created_by=by)
    if previous is not None:
        for name in ProfileSubmission.STRATEGY_FIELDS + ProfileSubmission.GOVERNANCE_FIELDS:
            setattr(submission, name, getattr(previous, name))
        submission.strategy_document = previous.strategy_document.name
    try:
        # Two focal points starting at the same moment: the unique constraint decides.
        with transaction.atomic():
            submission.save()
    except IntegrityError as race:
        raise already from race
    if previous is not None:
        IndicatorAnswer.objects.bulk_create(
            IndicatorAnswer(
                submission=submission,
                indicator_id=answer.indicator_id,
                phase=answer.phase,
                evidence_note=answer.evidence_note,
                source_url=answer.source_url,
                evidence_document=answer.evidence_document.name,
            )
            for answer in previous.answers.all()
        )
    return submission


EDITABLE_PROFILE_FIELDS = frozenset(
    ProfileSubmission.STRATEGY_FIELDS + ProfileSubmission.GOVERNANCE_FIELDS
)
ANSWER_FIELDS = frozenset({"phase", "evidence_note", "source_url", "evidence_document"})


@changes_data("members")
@transaction.atomic
def update_profile(
    *, submission, by, version, fields=None, answers=None, strategy_document=None
) -> ProfileSubmission:
    """Save part of a draft: never requires the whole profile to be valid. Refuses an edit based
    on a stale `version` (StaleVersion) and edits of submitted or approved profiles."""
    current = lock_for_edit(submission, expected_version=version)
    fields = fields or {}
    unknown = set(fields) - EDITABLE_PROFILE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be edited.") for name in unknown})
    for name, choices in (
        ("coordination_ministries", Ministry.values),
        ("standards_adopted", Standard.values),
    ):
        if name in fields and not set(fields[name] or []) <= set(choices):
            raise ValidationError({name: _("Choose values from the list.")})
    for name, value in fields.items():
        setattr(current, name, value)
    if strategy_document is not None:
        validate_pdf(strategy_document)
        current.strategy_document = strategy_document
    errors = {}
    try:
        current.full_clean(exclude=["strategy_document", "member_state", "cycle", "created_by"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if answers:
        _save_answers(current, answers)
    return save_edit(current, by=by)


def _save_answers(submission, answers):
    """`answers`: `{indicator code: {phase, evidence_note, source_url, evidence_document}}`."""
    indicators = GdhmIndicator.objects.in_bulk(list(answers))
    unknown = set(answers) - set(indicators)
    if unknown:
        raise ValidationError(
            {"answers": _("Unknown indicators: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    existing = {a.indicator_id: a for a in submission.answers.select_for_update()}
    errors = {}
    for code, values in answers.items():
        answer = existing.get(code) or IndicatorAnswer(submission=submission, indicator_id=code)
        for name, value in values.items():
            if name not in ANSWER_FIELDS:
                continue
            if name == "evidence_document":
                if value is None:
                    continue
                try:
                    validate_pdf(value)
                except ValidationError as error:
                    errors[f"{code}-evidence_document"] = error.messages
                    continue
            setattr(answer, name, value)
        try:
            answer.full_clean(exclude=["submission", "indicator", "evidence_document"])
        except ValidationError as error:
            errors.update({f"{code}-{k}": v for k, v in error.message_dict.items()})
        answer.save()
    if errors:
        raise ValidationError(errors)
