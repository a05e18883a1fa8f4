"""Follows and e-mail digests: what a signed-in user keeps an eye on, and how often they hear
about it (investments/follows/, docs/follows-and-digests.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from members.models import MemberState, Organization
from resources.models import Resource

from .offers import Offer
from .plans import InvestmentPlan
from .priorities import Priority

# The kinds of thing a user may follow: the name used in URLs and the foreign key holding it.
FOLLOW_KINDS = ("member_state", "plan", "priority", "resource", "offer", "organization")


class FollowQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(user=user)

    def for_listing(self):
        """Each follow with its target's name and what its link needs: one query."""
        return self.select_related(
            "member_state",
            "plan__member_state",
            "priority__plan",
            "resource",
            "offer",
            "organization",
        ).order_by("-created_at", "-pk")


class Follow(models.Model):
    """A user follows exactly one member state, plan, priority, resource, offer or
    organization (one foreign key a kind; the database holds exactly one set, once a user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    member_state = models.ForeignKey(
        MemberState, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.Exact(
                    models.Func(
                        *(models.F(kind) for kind in FOLLOW_KINDS),
                        function="num_nonnulls",
                        output_field=models.IntegerField(),
                    ),
                    1,
                ),
                name="follow_exactly_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"follow_{kind}_once",
                )
                for kind in FOLLOW_KINDS
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def kind(self):
        return next(kind for kind in FOLLOW_KINDS if getattr(self, f"{kind}_id") is not None)

    @property
    def target(self):
        return getattr(self, self.kind)


class DigestPreference(models.Model):
    """How often a user gets the digest of what they follow (in the language of their e-mails,
    `User.language`)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NONE = "none", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_preference",
        verbose_name=_("user"),
    )
    frequency = input_limits.CharField(
        _("e-mail digest"),
        max_length=6,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
        db_index=True,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self):
        return f"{self.user}: {self.frequency}"


class DigestSent(models.Model):
    """One digest period of a user, claimed once: the unique (user, period) row is the guard
    that makes repeated beat runs and concurrent workers send at most one digest a period.
    `item_count` 0: nothing had changed, no mail went out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests_sent",
        verbose_name=_("user"),
    )
    period = input_limits.CharField(_("period"), max_length=12)
    since = models.DateTimeField(_("changes since"))
    sent_at = models.DateTimeField(_("sent"))
    item_count = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="digest_once_a_period"),
        ]

    def __str__(self):
        return f"{self.user}: {self.period}"
