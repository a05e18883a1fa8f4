"""Frozen copies of a profile, one per submit."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .profiles import ProfileSubmission


class ProfileVersion(models.Model):
    """A frozen copy of a submission taken at every submit, so earlier versions stay readable."""

    submission = models.ForeignKey(
        ProfileSubmission,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("profile submission"),
    )
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("profile version")
        verbose_name_plural = _("profile versions")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="one_snapshot_per_version"
            )
        ]

    def __str__(self):
        return f"{self.submission} v{self.version}"
