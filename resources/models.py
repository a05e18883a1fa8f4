"""The resource catalogue and its classifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DigitalHealthIntervention(models.Model):
    """An entry of the WHO Classification of Digital Health Interventions (CDHI), v1 or v2.

    Codes repeat across versions (1.1.1 exists in both), so an entry is (version, code).
    """

    class Version(models.TextChoices):
        V1 = "v1", _("CDHI v1 (2018)")
        V2 = "v2", _("CDHI v2 (2023)")

    class Level(models.TextChoices):
        GROUP = "group", _("Group")
        CATEGORY = "category", _("Category")
        INTERVENTION = "intervention", _("Intervention")

    version = models.CharField(_("version"), max_length=2, choices=Version.choices)
    code = models.CharField(_("code"), max_length=10)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    group = models.CharField(_("group"), max_length=100)
    label = models.CharField(_("label"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    sort_key = models.CharField(max_length=30, editable=False, db_index=True)

    class Meta:
        ordering = ["version", "sort_key"]
        verbose_name = _("digital health intervention (CDHI)")
        verbose_name_plural = _("digital health interventions (CDHI)")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="cdhi_version_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.label} ({self.version})"


class HealthSystemChallenge(models.Model):
    """A health system challenge that digital interventions address (Digital Health Atlas list)."""

    group = models.CharField(_("group"), max_length=100)
    label = models.CharField(_("label"), max_length=200)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["group", "label"]
        verbose_name = _("health system challenge")
        verbose_name_plural = _("health system challenges")
        constraints = [
            models.UniqueConstraint(fields=["group", "label"], name="challenge_group_label_unique"),
        ]

    def __str__(self):
        return f"{self.group}: {self.label}"
