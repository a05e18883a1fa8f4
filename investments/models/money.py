"""The money rules every figure follows (pages and API alike; docs/money.md).

- every amount is a `Decimal` stored with its ISO 4217 currency, never a float;
- an amount converts to USD with the annual average rate of *its* year: a priority's cost for
  year Y with the plan currency's rate of Y; a commitment with the rate of its `year` for its
  currency (and, to express it in the plan currency, with the plan currency's rate of that year);
- a year after the last published rate *of that currency* takes the currency's latest published
  rate, and the converted amount is **provisional** (`rate_year` says which year's rate, the
  `*_provisional` flags and counts say so); publishing the year's rate replaces it. The US dollar
  is the unit: its rate is 1 in every year, never provisional;
- each converted row is rounded to the cent (half away from zero) before it is summed, so totals
  are the sums of what the rows show and agree whatever the grouping;
- a missing rate (a year before the currency's first published one, a gap between published
  years, a currency without rates) is never 1 or 0: the row is left out of the USD totals and
  counted in `*_rates_missing`, which pages and the API show as "rate missing";
- the funding gap is cost − committed (and cost − disbursed); it is negative when a plan or a
  priority is over-funded, never clamped, so gaps add up across groupings.

The database applies the rule once (`investments_rate_of()` in `migrations/_money_sql.py`) and
stores every conversion and every plan's and priority's totals (`figures.py`): readers read
columns. Only approved plans and verified commitments count in public figures.
"""

from decimal import Decimal

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db.models import BooleanField, Case, DecimalField, ExpressionWrapper, Value, When
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 18, "decimal_places": 2}
# A commitment's amounts are positive (the database checks it too); a cost may be zero.
POSITIVE_AMOUNT = [MinValueValidator(Decimal("0.01"))]
RATE = {"max_digits": 30, "decimal_places": 15}
ZERO = Decimal("0.00")
FIRST_YEAR = 2000
LAST_YEAR = 2100
USD = "USD"

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter an ISO 4217 currency code: three capital letters, e.g. KES.")
)
# Current and historic ISO 4217 codes, from CLDR (babel): "ZZZ" has the shape but is no currency.
ISO_4217_CODES = frozenset(list_currencies())


def validate_currency_code(value):
    """Refuse anything but a known ISO 4217 code (upper-cased first, as the services do)."""
    if str(value).upper() not in ISO_4217_CODES:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (e.g. KES, USD, EUR)."),
            code="unknown_currency",
            params={"code": value},
        )


def as_money(expression):
    """`expression` typed as an amount (18 digits, 2 decimals)."""
    return ExpressionWrapper(expression, output_field=DecimalField(**MONEY))


def zero_money():
    return Value(ZERO, output_field=DecimalField(**MONEY))


def true_where(condition):
    """True where `condition` holds, false otherwise (also where a rate is missing)."""
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
