"""Exchange rates: annual averages of units per US dollar, and the rule reading them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Least
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits

from .money import FIRST_YEAR, LAST_YEAR, RATE, USD, currency_validator, validate_currency_code


class ExchangeRate(models.Model):
    """Annual average units of `currency` per US dollar (World Bank WDI, editable in the admin)."""

    # The limits of a rate, declared once: the admin's form, the rates loader (the CSV's rows go
    # through `ExchangeRateForm`) and the database constraints below enforce these.
    currency = input_limits.CharField(
        _("currency"),
        max_length=3,
        validators=[currency_validator, validate_currency_code],
        help_text=_("ISO 4217 code in capitals, e.g. KES."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year the rate is the annual average of, e.g. 2026."),
    )
    units_per_usd = models.DecimalField(
        _("units per US dollar"),
        **RATE,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text=_("Units of the currency one US dollar buys, a positive decimal, e.g. 129.53."),
    )
    source = input_limits.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where the rate comes from, e.g. WDI/2027-07-01/KEN."),
    )

    class Meta:
        ordering = ["currency", "year"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        # The admin lists a year's rates; a currency's latest year (the rule's fallback) is
        # read on the unique (currency, year) index.
        indexes = [models.Index(fields=["year"], name="exchange_rate_year")]
        constraints = [
            models.UniqueConstraint(fields=["currency", "year"], name="exchange_rate_unique"),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="exchange_rate_currency"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="exchange_rate_year_plausible",
            ),
            models.CheckConstraint(
                condition=~Q(currency=USD) | Q(units_per_usd=1),
                name="exchange_rate_usd_is_one",
                violation_error_message=_(
                    "The US dollar is the unit: its rate is 1 in every year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.year}: {self.units_per_usd}"


def rate_of(currency_ref, year_ref, *, column="units_per_usd"):
    """The rate (or, `column="year"`, the year of the rate) converting the outer row's
    (currency, year), or NULL if missing: the rule of `investments_rate_of()` in the ORM.

    The rate of the year when published; past the currency's latest published year, the latest
    one (provisional: its year is earlier than the row's); the US dollar is 1 in every year.
    """
    # OuterRef("currency") is the rate row's own currency: the same as the outer row's.
    latest = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"))
        .order_by("-year")
        .values("year")[:1]
    )
    published = Subquery(
        ExchangeRate.objects.filter(
            currency=OuterRef(currency_ref), year=Least(OuterRef(year_ref), Subquery(latest))
        )
        .order_by()
        .values(column),
        output_field=IntegerField() if column == "year" else DecimalField(**RATE),
    )
    unit = F(year_ref) if column == "year" else Value(Decimal(1), DecimalField(**RATE))
    return Case(When(**{currency_ref: USD}, then=unit), default=published)
