"""The Global Digital Health Monitor: its components, its maturity indicators and how a score
reads as a phase."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits

from .. import names
from .localized import localized_name


class GdhmComponent(models.Model):
    """One of the seven components of the Global Digital Health Monitor."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    name_en = input_limits.CharField(_("name (English)"), max_length=100)
    name_fr = input_limits.CharField(_("name (French)"), max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GDHM component")
        verbose_name_plural = _("GDHM components")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self):
        return localized_name(self, "name", names.component_name)


class GdhmIndicator(models.Model):
    """A GDHM maturity indicator (2023+ set), answered as a phase 1–5.

    Sub-indicators (codes with a letter: 2a, 21b…) belong to their parent's number and are
    left out of component scores, as the GDHM does.
    """

    code = input_limits.CharField(_("code"), max_length=4, primary_key=True)
    component = models.ForeignKey(
        GdhmComponent,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("component"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_indicators",
        verbose_name=_("parent indicator"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"))
    name = input_limits.CharField(_("indicator"), max_length=300)
    definition = input_limits.TextField(
        _("definition"), blank=True, max_length=input_limits.LONG_TEXT
    )
    phase_1 = input_limits.TextField(_("phase 1"), max_length=input_limits.LONG_TEXT)
    phase_2 = input_limits.TextField(_("phase 2"), max_length=input_limits.LONG_TEXT)
    phase_3 = input_limits.TextField(_("phase 3"), max_length=input_limits.LONG_TEXT)
    phase_4 = input_limits.TextField(_("phase 4"), max_length=input_limits.LONG_TEXT)
    phase_5 = input_limits.TextField(_("phase 5"), max_length=input_limits.LONG_TEXT)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("GDHM indicator")
        verbose_name_plural = _("GDHM indicators")

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def is_sub_indicator(self):
        return self.parent_id is not None

    @property
    def phase_descriptions(self):
        return [self.phase_1, self.phase_2, self.phase_3, self.phase_4, self.phase_5]


def score_as_phase(score):
    """A score shown as a phase, as the GDHM does: round to one decimal, then the ceiling."""
    if score is None:
        return None
    # Half up on the decimal written value (2.05 → 2.1 → phase 3), not float banker's rounding.
    rounded = Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return math.ceil(rounded)
