"""The classifications resources are tagged with: the WHO CDHI and the health system challenges."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits


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

    version = input_limits.CharField(_("version"), max_length=2, choices=Version.choices)
    code = input_limits.CharField(_("code"), max_length=10)
    level = input_limits.CharField(_("level"), max_length=12, choices=Level.choices)
    group = input_limits.CharField(_("group"), max_length=100)
    label = input_limits.CharField(_("label"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    sort_key = input_limits.CharField(max_length=30, editable=False, db_index=True)

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

    group = input_limits.CharField(_("group"), max_length=100)
    label = input_limits.CharField(_("label"), max_length=200)
    source = input_limits.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["group", "label"]
        verbose_name = _("health system challenge")
        verbose_name_plural = _("health system challenges")
        constraints = [
            models.UniqueConstraint(fields=["group", "label"], name="challenge_group_label_unique"),
        ]

    def __str__(self):
        return f"{self.group}: {self.label}"
