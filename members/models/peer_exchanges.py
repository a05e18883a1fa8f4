"""Peer exchange requests: a member state asks a peer country, ahead on a GDHM indicator, to
share how it got there (docs/profiles.md#peers-to-learn-from)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes

from .gdhm import GdhmIndicator
from .geography import MemberState


class PeerExchangeRequestQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=PeerExchangeRequest.Status.ACCEPTED)

    def pending(self):
        return self.filter(status=PeerExchangeRequest.Status.PENDING)

    def involving(self, member_state):
        """Requests sent by or to `member_state`."""
        pk = getattr(member_state, "pk", member_state)
        return self.filter(Q(from_member_state_id=pk) | Q(to_member_state_id=pk))

    def visible_to(self, user):
        """Accepted requests are public; pending and declined ones are seen only by the focal
        points of the two member states and the secretariat."""
        if user is not None and user.is_authenticated and user.is_active:
            if user.is_secretariat:
                return self
            if user.member_state_id:
                return self.filter(
                    Q(status=PeerExchangeRequest.Status.ACCEPTED)
                    | Q(from_member_state_id=user.member_state_id)
                    | Q(to_member_state_id=user.member_state_id)
                )
        return self.accepted()

    def for_list(self):
        return self.select_related(
            "from_member_state", "to_member_state", "indicator", "requested_by", "responded_by"
        )


@track_changes()
class PeerExchangeRequest(models.Model):
    """A focal point's request to a peer country's focal points to exchange on one indicator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    from_member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="peer_exchanges_sent",
        verbose_name=_("from member state"),
    )
    to_member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="peer_exchanges_received",
        verbose_name=_("to member state"),
    )
    indicator = models.ForeignKey(
        GdhmIndicator,
        on_delete=models.PROTECT,
        related_name="peer_exchanges",
        verbose_name=_("indicator"),
    )
    topic = input_limits.CharField(_("topic"), max_length=200)
    message = input_limits.TextField(_("message"), max_length=5000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = input_limits.TextField(_("reason for declining"), max_length=2000, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = PeerExchangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peer exchange request")
        verbose_name_plural = _("peer exchange requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_member_state=models.F("to_member_state")),
                name="peer_exchange_between_two_member_states",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="peer_exchange_declined_with_reason",
            ),
            # One open request at a time per pair and indicator: a second click sends nothing.
            models.UniqueConstraint(
                fields=["from_member_state", "to_member_state", "indicator"],
                condition=Q(status="pending"),
                name="one_pending_peer_exchange",
                violation_error_message=_(
                    "A request to this member state on this indicator is already pending."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["to_member_state", "status"], name="peer_exchange_to_status"),
            models.Index(fields=["from_member_state", "status"], name="peer_exchange_from_status"),
        ]

    def __str__(self):
        return f"{self.from_member_state_id} → {self.to_member_state_id}: {self.topic}"

    def get_absolute_url(self):
        return reverse("members:peer-exchange-detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
