"""Partner organizations: donors, agencies, NGOs, academia, the private sector."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits

from .geography import MemberState


class Organization(models.Model):
    class Type(models.TextChoices):
        MULTILATERAL = "multilateral", _("Multilateral organization")
        BILATERAL_DONOR = "bilateral_donor", _("Bilateral donor")
        FOUNDATION = "foundation", _("Foundation")
        NGO = "ngo", _("Non-governmental organization")
        ACADEMIC = "academic", _("Academic or research institution")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        OTHER = "other", _("Other")

    name = input_limits.CharField(_("name"), max_length=200)
    acronym = input_limits.CharField(_("acronym"), max_length=30, blank=True)
    type = input_limits.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    headquarters = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="headquartered_organizations",
        null=True,
        blank=True,
        verbose_name=_("headquarters country"),
    )
    website = input_limits.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organization_name_unique_ci"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
