"""The review workflow, written once and shared by every reviewed record.

Profile submissions, investment plans and catalogue proposals all move through the same states:

    draft → submitted → approved
    submitted → returned → draft

A model takes part by inheriting `Reviewable`; every transition goes through `apply_transition`,
which locks the row, refuses illegal moves with `IllegalTransition` (HTTP 409 in the API) and
records who, when and why in a `ReviewEvent`. Edits based on a stale copy are refused with
`StaleVersion` (optimistic concurrency on `Reviewable.version`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.conflicts import ConflictError  # the apps also import it from here


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return")
    REOPEN = "reopen", _("Reopen")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    needs_comment: bool = False


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(ReviewAction.SUBMIT, frozenset({ReviewStatus.DRAFT}), ReviewStatus.SUBMITTED),
        Transition(
            ReviewAction.APPROVE, frozenset({ReviewStatus.SUBMITTED}), ReviewStatus.APPROVED
        ),
        Transition(
            ReviewAction.RETURN,
            frozenset({ReviewStatus.SUBMITTED}),
            ReviewStatus.RETURNED,
            needs_comment=True,
        ),
        Transition(ReviewAction.REOPEN, frozenset({ReviewStatus.RETURNED}), ReviewStatus.DRAFT),
    )
}

EDITABLE_STATUSES = frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED})


class IllegalTransition(ConflictError):
    code = "illegal_transition"


class StaleVersion(ConflictError):
    code = "stale_version"


class NotReady(ConflictError, ValidationError):
    """A record not ready for a transition (a `validate` hook's refusal, e.g. required fields
    missing on submit): the request is well formed but contradicts the record's state, so it
    is a 409 in the API; still a ValidationError, whose messages the pages show."""

    code = "not_ready"

    def __init__(self, error):
        # The same errors, with their codes and params.
        ValidationError.__init__(
            self, error.error_dict if hasattr(error, "error_dict") else error.error_list
        )
        self.extra = {}

    def __str__(self):
        return " ".join(self.messages)


class ReviewEvent(models.Model):
    """One transition of a reviewed record: who moved it, when, from where to where, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = input_limits.CharField(_("action"), max_length=10, choices=ReviewAction.choices)
    from_status = input_limits.CharField(_("from"), max_length=10, choices=ReviewStatus.choices)
    to_status = input_limits.CharField(_("to"), max_length=10, choices=ReviewStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="review_events",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = input_limits.TextField(_("comment"), blank=True, max_length=input_limits.LONG_TEXT)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"


class Reviewable(models.Model):
    """Abstract base of every record that goes through the review workflow."""

    status = input_limits.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Goes up by one at every change; an edit must name the version it is based on."
        ),
    )
    review_events = GenericRelation(ReviewEvent)

    class Meta:
        abstract = True

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def allowed_actions(self):
        return [action for action, t in TRANSITIONS.items() if self.status in t.sources]


def lock_version(instance, *, expected_version):
    """Lock `instance`'s row and return a fresh copy, refusing it if its version moved on.

    Call inside `transaction.atomic()`. A second writer waits for the first to commit, then sees
    the new version and is refused with `StaleVersion` instead of overwriting the first's work.
    Any model with a `version` field can use it (commitments, plans, profiles, resources).
    """
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != current.version:
        raise StaleVersion(
            _(
                "This %(thing)s was changed by someone else since you opened it "
                "(you edited version %(yours)s; the current version is %(current)s). "
                "Reload it, reapply your changes and save again."
            )
            % {
                "thing": current._meta.verbose_name,
                "yours": expected_version,
                "current": current.version,
            },
            current_version=current.version,
        )
    return current


def lock_for_edit(instance, *, expected_version):
    """`lock_version`, also refusing records whose review state no longer allows edits."""
    current = lock_version(instance, expected_version=expected_version)
    if not current.is_editable:
        raise IllegalTransition(
            _("This %(thing)s is %(status)s and can no longer be edited.")
            % {"thing": current._meta.verbose_name, "status": current.get_status_display().lower()}
        )
    return current


def save_edit(current, *, by, update_fields=None):
    """Save an edit made on a row from `lock_for_edit`: bump its version, reopen it if returned."""
    if current.status == ReviewStatus.RETURNED:
        _record(current, TRANSITIONS[ReviewAction.REOPEN], by=by, comment="")
        current.status = ReviewStatus.DRAFT
    current.version += 1
    if update_fields is not None:
        update_fields = {*update_fields, "status", "version"}
        if hasattr(current, "updated_at"):
            update_fields.add("updated_at")
    current.save(update_fields=update_fields)
    return current


@transaction.atomic
def apply_transition(instance, *, action, by, comment="", validate=None):
    """Move `instance` through `action`, recording the event; refuse what the workflow forbids.

    `validate(locked_instance)` may raise `ValidationError` (e.g. required fields on submit),
    raised on as `NotReady` (a 409 in the API); it runs on the locked row, after the state
    check.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown review action “%(action)s”.") % {"action": action})
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.status not in transition.sources:
        raise IllegalTransition(
            _("Cannot %(action)s this %(thing)s: it is %(status)s.")
            % {
                "action": transition.action.label.lower(),
                "thing": current._meta.verbose_name,
                "status": current.get_status_display().lower(),
            },
            current_status=current.status,
            allowed_actions=current.allowed_actions(),
        )
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError(
            {"comment": _("Say what needs to change: a comment is required to return it.")}
        )
    if validate is not None:
        try:
            validate(current)
        except NotReady:
            raise
        except ValidationError as refused:
            raise NotReady(refused) from refused
    _record(current, transition, by=by, comment=comment)
    current.status = transition.target
    current.version += 1
    fields = ["status", "version"]
    if hasattr(current, "updated_at"):
        fields.append("updated_at")
    current.save(update_fields=fields)
    return current


def _record(instance, transition, *, by, comment):
    event = ReviewEvent(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        action=transition.action,
        from_status=instance.status,
        to_status=transition.target,
        by=by,
        comment=comment,
    )
    # The comment's limits (length, no control characters) hold whichever door it came through.
    event.full_clean(exclude=["content_type", "by"], validate_unique=False)
    event.save()
