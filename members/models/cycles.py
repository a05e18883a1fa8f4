"""Reporting cycles: the year a profile is for, open between two dates."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportingCycleQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def current(self):
        """The cycle open today, else the latest one that has opened (None before any)."""
        today = timezone.localdate()
        return (
            self.open_on(today).order_by("-year").first()
            or self.filter(opens_on__lte=today).order_by("-year").first()
        )


class ReportingCycle(models.Model):
    """The year for which member states submit a profile, open between two dates."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="cycle_closes_after_it_opens",
                violation_error_message=_("A cycle cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return str(self.year)

    @property
    def is_open(self):
        return self.opens_on <= timezone.localdate() <= self.closes_on
