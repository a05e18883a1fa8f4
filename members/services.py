"""Writes in the members app."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gidh_portal.response_cache import changes_data

from . import tasks
from .documents import validate_pdf
from .models import (
    SECRETARIAT_GROUP,
    ApiToken,
    GdhmIndicator,
    IndicatorAnswer,
    Ministry,
    ProfileSubmission,
    ProfileVersion,
    Standard,
    User,
)
from .workflow import ConflictError, ReviewAction, apply_transition, lock_for_edit, save_edit


@transaction.atomic
def create_api_token(*, user, name, verified_with=None) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the raw value, which is never stored.

    `verified_with` is the device that verified the creating session (`request.user.otp_device`):
    the token then acts with that second factor; without it a staff account's token may not do
    privileged actions."""
    if verified_with is not None and (
        verified_with.user_id != user.pk or not verified_with.confirmed
    ):
        raise ValidationError(_("This second factor is not a confirmed device of the account."))
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        digest=ApiToken.digest_of(raw),
        hint=raw[:10],
        verified_with=verified_with,
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token) -> ApiToken:
    """Revoke a token; a revoked token is refused from then on. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def deactivate_user(*, user) -> User:
    """Deactivate an account: it can no longer log in, and its sessions and API tokens end now
    (by `end_access_of_deactivated_user`, which every save of a deactivated user runs)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def end_access_of_deactivated_user(sender, instance, update_fields=None, **kwargs):
    """post_save of User: a deactivated account keeps no session and no API token, whoever
    deactivated it (this service, the admin, a script saving the model). A security invariant,
    hence a receiver rather than a call each interface might forget; bulk updates are covered
    by `UserQuerySet.update`."""
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    User.objects.filter(pk=instance.pk).end_access()


PENDING_DEVICE_LIFETIME = datetime.timedelta(hours=1)


@transaction.atomic
def start_two_factor(*, user) -> TOTPDevice:
    """The user's authenticator device awaiting confirmation: the same one (and secret) for an
    hour, so reloading the page keeps what the phone scanned; an older one is replaced."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    recent = pending.filter(created_at__gte=timezone.now() - PENDING_DEVICE_LIFETIME).first()
    if recent is not None:
        return recent
    pending.delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def confirm_two_factor(*, device, code) -> TOTPDevice:
    """Confirm a device with a code it generated; it becomes the user's only device. Refuses a
    wrong code (ValidationError). The code is checked outside the transaction so that django-otp's
    growing delay after each wrong code is kept when the refusal rolls back."""
    if not device.verify_token(code):
        raise ValidationError(
            {"code": _("This code is not valid. Check the time on your phone and try again.")}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def remove_two_factor(*, user, code) -> None:
    """Remove the user's devices, given a valid code of the confirmed one (ValidationError)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(code):
        raise ValidationError({"code": _("This code is not valid.")})
    TOTPDevice.objects.filter(user=user).delete()


SECRETARIAT_APPS = ("members", "resources", "investments")
# Staff may see lockouts and lost authenticator devices, lift and remove them, never add one.
SECRETARIAT_ACCOUNT_PERMISSIONS = (
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
)
# Reference data is curated in the admin but never deleted from it.
SECRETARIAT_EXCLUDED_PERMISSIONS = {"delete_memberstate", "delete_whoregion", "delete_user"}


def grant_secretariat_permissions(**kwargs):
    """Give the Secretariat group every permission of the portal's apps (post_migrate hook)."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS).exclude(
        codename__in=SECRETARIAT_EXCLUDED_PERMISSIONS
    )
    group.permissions.add(*permissions)
    for app_label, codename in SECRETARIAT_ACCOUNT_PERMISSIONS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


# ---------------------------------------------------------------------------------------------
# National digital health profiles
# ---------------------------------------------------------------------------------------------


def _profile_snapshot(submission):
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
        data=_profile_snapshot(submission),
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
