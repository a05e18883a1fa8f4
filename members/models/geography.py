"""WHO regions, World Bank income groups and the WHO Member States."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits

from .. import names
from .localized import localized_name


class WhoRegion(models.Model):
    code = input_limits.CharField(_("code"), max_length=4, primary_key=True)
    name_en = input_limits.CharField(_("name (English)"), max_length=100)
    name_fr = input_limits.CharField(_("name (French)"), max_length=100)
    regional_office_city = input_limits.CharField(_("regional office"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("WHO region")
        verbose_name_plural = _("WHO regions")

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def name(self):
        return localized_name(self, "name", names.region_name)


class IncomeGroup(models.TextChoices):
    LOW = "L", _("Low income")
    LOWER_MIDDLE = "LM", _("Lower-middle income")
    UPPER_MIDDLE = "UM", _("Upper-middle income")
    HIGH = "H", _("High income")


class MemberStateQuerySet(models.QuerySet):
    def in_region(self, region_code):
        return self.filter(who_region_id=region_code) if region_code else self

    def matching(self, text):
        """Member states whose name (in any of the six languages) or ISO code contains `text`."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_en__icontains=text)
            | Q(name_fr__icontains=text)
            | Q(iso3__iexact=text)
            | Q(iso2__iexact=text)
            | Q(iso3__in=names.iso3_matching(text))
        )


class MemberState(models.Model):
    iso3 = input_limits.CharField(_("ISO 3166 alpha-3"), max_length=3, primary_key=True)
    iso2 = input_limits.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    m49 = input_limits.CharField(_("UN M49 code"), max_length=3, unique=True)
    name_en = input_limits.CharField(_("name (English)"), max_length=100, db_index=True)
    name_fr = input_limits.CharField(_("name (French)"), max_length=100)
    who_region = models.ForeignKey(
        WhoRegion,
        on_delete=models.PROTECT,
        related_name="member_states",
        verbose_name=_("WHO region"),
    )
    income_group = input_limits.CharField(
        _("World Bank income group"),
        max_length=2,
        choices=IncomeGroup.choices,
        blank=True,
        help_text=_("Empty where the World Bank does not classify the country."),
    )

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="iso3_upper"),
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="iso2_upper"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country-detail", kwargs={"iso3": self.iso3})

    @property
    def name(self):
        return localized_name(self, "name", names.member_state_name)
