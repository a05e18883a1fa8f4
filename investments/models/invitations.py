"""Invitations: a focal point invites an offer's organization to a priority of its published
plan; a member of that organization accepts (a pledge is recorded) or declines with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes
from members import permissions as member_permissions

DECLINE_REASON_LENGTH = 2000


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The secretariat sees every invitation; a partner member those sent to their
        organization; a focal point those to their country's priorities; nobody else any."""
        if member_permissions.is_secretariat(user):
            return self
        if user is not None and user.is_authenticated and user.is_active:
            if user.organization_id:
                return self.filter(offer__organization=user.organization_id)
            if user.member_state_id:
                return self.filter(priority__plan__member_state=user.member_state_id)
        return self.none()

    def pending(self):
        return self.filter(status=Invitation.Status.INVITED)

    def for_listing(self):
        return self.select_related(
            "priority__plan__member_state",
            "offer__organization",
            "invited_by",
            "answered_by",
            "commitment",
        ).order_by("-created_at", "-pk")


@track_changes()
class Invitation(models.Model):
    """A focal point's invitation of an offer's organization to one priority of its plan."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    priority = models.ForeignKey(
        "Priority",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("priority"),
    )
    offer = models.ForeignKey(
        "Offer", on_delete=models.PROTECT, related_name="invitations", verbose_name=_("offer")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The language the focal point invited in: the answer's e-mail to them is written in it.
    language = input_limits.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED, db_index=True
    )
    decline_reason = input_limits.TextField(
        _("reason for declining"), blank=True, max_length=DECLINE_REASON_LENGTH
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    # One invitation makes at most one commitment, and a commitment comes from one invitation.
    commitment = models.OneToOneField(
        "Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("commitment"),
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # A declined invitation may be followed by a new one; never two pending or accepted.
            models.UniqueConstraint(
                fields=["priority", "offer"],
                condition=~Q(status="declined"),
                name="invitation_one_per_match",
                violation_error_message=_("This organization is already invited to this priority."),
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", commitment__isnull=False)
                | ~Q(status="accepted") & Q(commitment__isnull=True),
                name="invitation_accepted_has_commitment",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="invitation_declined_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.offer} → {self.priority}"
