"""Transparency reports: frozen monthly snapshots of the network's figures, and their runs.
What they contain is built by the `investments.reports` package."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, OuterRef, Q, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from members import permissions as member_permissions

GLOBAL_SCOPE = "global"
period_validator = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])$", _("Enter a period as YYYY-MM, e.g. 2026-10.")
)


class TransparencyReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=TransparencyReport.Status.PUBLISHED)

    def visible_to(self, user):
        """Published reports for everyone; drafts only for the secretariat, who reviews them."""
        if member_permissions.is_secretariat(user):
            return self
        return self.published()

    def latest_revisions(self):
        """The latest revision of each (scope, period) among the rows of this QuerySet."""
        later = self.filter(
            scope=OuterRef("scope"), period=OuterRef("period"), revision__gt=OuterRef("revision")
        )
        return self.filter(~models.Exists(later))

    def revision_numbers(self, report):
        """The revision numbers of the report's scope and period among these rows, newest
        first."""
        same = self.filter(scope=report.scope, period=report.period).order_by("-revision")
        return list(same.values_list("revision", flat=True))

    def in_listing_order(self):
        """Newest period first, the global report before the regions."""
        return self.order_by(
            "-period", Case(When(scope=GLOBAL_SCOPE, then=0), default=1), "scope", "-revision"
        )


class TransparencyReport(models.Model):
    """A frozen snapshot of the network's figures for one scope (global or a WHO region) and one
    month. A published revision never changes; a re-run makes a new revision instead."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    scope = input_limits.CharField(
        _("scope"), max_length=6, help_text=_("“global” or a WHO region code, e.g. AFR.")
    )
    period = input_limits.CharField(_("period"), max_length=7, validators=[period_validator])
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    data = models.JSONField(_("figures"))
    generated_at = models.DateTimeField(_("generated"))
    data_cutoff = models.DateTimeField(
        _("data cut-off"), help_text=_("Records dated after this moment are not counted.")
    )
    generator_version = input_limits.CharField(_("generator version"), max_length=20)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    run = models.ForeignKey(
        "ReportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("run"),
    )

    objects = TransparencyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "scope", "-revision"]
        verbose_name = _("transparency report")
        verbose_name_plural = _("transparency reports")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period", "revision"], name="transparency_report_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["scope", "period"],
                condition=Q(status="draft"),
                name="transparency_report_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$"),
                name="transparency_report_period_format",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="transparency_report_published_at",
            ),
        ]

    def __str__(self):
        return f"{self.scope_label} {self.period} (r{self.revision})"

    def get_absolute_url(self):
        return reverse(
            "reports:report-detail",
            kwargs={"scope": self.scope, "period": self.period, "revision": self.revision},
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def scope_label(self):
        if self.scope == GLOBAL_SCOPE:
            return _("Global")
        return self.data.get("scope_name") or self.scope


class ReportRun(models.Model):
    """One generation of a period's reports: who asked, the Celery task, progress and failures."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        ADMIN = "admin", _("Administration")
        COMMAND = "command", _("Command")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Partly failed")
        FAILED = "failed", _("Failed")

    period = input_limits.CharField(_("period"), max_length=7, validators=[period_validator])
    publish = models.BooleanField(
        _("publish"),
        default=False,
        help_text=_("Publish the reports at once; otherwise they stay drafts for review."),
    )
    trigger = input_limits.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    task_id = input_limits.CharField(_("task"), max_length=64, blank=True)
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    reports_done = models.PositiveSmallIntegerField(_("reports done"), default=0)
    reports_total = models.PositiveSmallIntegerField(_("reports in total"), default=0)
    failures = models.JSONField(_("failures"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")

    def __str__(self):
        return f"{self.period} ({self.get_status_display()})"
