"""Reminders before a reporting cycle closes, and the secretariat's weekly summary: one row per
mail decided, so that each is sent at most once whatever the number of beat runs or workers."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .cycles import ReportingCycle
from .geography import MemberState
from .profiles import ProfileSubmission
from .users import User


class ReminderThreshold(models.IntegerChoices):
    """How many days before a cycle closes its focal points are reminded."""

    THIRTY_DAYS = 30, _("30 days before closing")
    SEVEN_DAYS = 7, _("7 days before closing")
    ONE_DAY = 1, _("1 day before closing")


def due_threshold(cycle, day):
    """The most urgent threshold due on `day` (the fewest days before closing that `day` has
    reached), None before the first one, or when the cycle is not open on `day`. A run that
    missed a threshold's day still finds it due later, never a less urgent one past it."""
    if not cycle.opens_on <= day <= cycle.closes_on:
        return None
    days_left = (cycle.closes_on - day).days
    due = [threshold for threshold in ReminderThreshold.values if days_left <= threshold]
    return ReminderThreshold(min(due)) if due else None


def week_of(day):
    """The Monday of `day`'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def member_states_not_submitted(cycle):
    """The member states whose profile for `cycle` is not submitted: none, a draft or a
    returned one."""
    handed_in = ProfileSubmission.objects.filter(cycle=cycle).handed_in()
    return MemberState.objects.exclude(pk__in=handed_in.values("member_state"))


def focal_points_to_remind(cycle):
    """The active focal points of the member states that have not submitted for `cycle`."""
    return User.objects.filter(is_active=True, member_state__in=member_states_not_submitted(cycle))


class CycleReminder(models.Model):
    """A reminder to one focal point that their member state's profile for a cycle is not
    submitted, at one threshold before the cycle closes. Inserted before the mail is sent,
    under the unique constraint: a second run or worker inserts nothing and sends nothing."""

    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("reporting cycle"),
    )
    threshold = models.PositiveSmallIntegerField(_("threshold"), choices=ReminderThreshold.choices)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="cycle_reminders", verbose_name=_("user")
    )
    member_state = models.ForeignKey(
        MemberState, on_delete=models.CASCADE, related_name="+", verbose_name=_("member state")
    )
    created_at = models.DateTimeField(_("decided"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("cycle reminder")
        verbose_name_plural = _("cycle reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "threshold", "user"], name="one_reminder_per_threshold_and_user"
            ),
        ]

    def __str__(self):
        return f"{self.cycle} — {self.get_threshold_display()} — {self.user}"


class SecretariatSummary(models.Model):
    """The weekly summary of the member states that have not submitted, to one member of the
    secretariat; at most one per ISO week (its Monday) and user."""

    week = models.DateField(_("week of"))
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="secretariat_summaries",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("decided"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-week", "user__email"]
        verbose_name = _("weekly summary")
        verbose_name_plural = _("weekly summaries")
        constraints = [
            models.UniqueConstraint(fields=["week", "user"], name="one_summary_per_week_and_user"),
        ]

    def __str__(self):
        return f"{self.week} — {self.user}"
