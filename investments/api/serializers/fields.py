"""The fields the investments API's serializers share: amounts, currencies and the rates note.

Amounts are decimal strings (exact); `*_usd` figures leave out rows whose rate is missing and
`*_rates_missing` counts them; rows converted at an earlier year's rate (past the currency's
last published one) are counted in and `*_rates_provisional` counts them (docs/money.md).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gidh_portal.input_fields import serializer_field

from ...models import MONEY, validate_currency_code

RATES_MISSING_NOTE = _(
    "Rate missing: %(count)s amount(s) have no exchange rate for their currency and year; "
    "they are left out of the USD totals."
)
RATES_PROVISIONAL_NOTE = _(
    "Provisional: %(count)s amount(s) are converted at the latest published rate of an earlier "
    "year (their year's rate is not published yet); the USD totals change when it is."
)
RATE_YEAR_HELP = "The year of the exchange rate that converted the amounts (null: rate missing)."
RATE_PROVISIONAL_HELP = (
    "True when the amounts in USD are converted at an earlier year's rate (the latest "
    "published one, the year's own is not published yet): they change when it is."
)
CURRENCY_FORMAT = _("Enter an ISO 4217 currency code: three letters, e.g. KES.")


def column(model, name):
    """The output field of a model's own column as the model declares it (type, choices,
    title, help text), as a ModelSerializer would build it."""
    label = capfirst(model._meta.get_field(name).verbose_name)
    return serializer_field(model, name, label=label)


def money(**kwargs):
    """An amount, read only: a decimal string at the cent."""
    return serializers.DecimalField(**MONEY, read_only=True, **kwargs)


def currency_code(**kwargs):
    """An ISO 4217 currency code given by a caller (any case)."""
    return serializers.RegexField(
        r"^[A-Za-z]{3}$",
        validators=[validate_currency_code],
        error_messages={"invalid": CURRENCY_FORMAT},
        help_text="ISO 4217 code, e.g. KES.",
        **kwargs,
    )


def rates_note(costs_missing, commitments_missing, costs_provisional=0, commitments_provisional=0):
    """What the figures' `*_rates_missing` and `*_rates_provisional` counts mean, or None."""
    missing = (costs_missing or 0) + (commitments_missing or 0)
    provisional = (costs_provisional or 0) + (commitments_provisional or 0)
    notes = []
    if missing:
        notes.append(str(RATES_MISSING_NOTE % {"count": missing}))
    if provisional:
        notes.append(str(RATES_PROVISIONAL_NOTE % {"count": provisional}))
    return " ".join(notes) or None
