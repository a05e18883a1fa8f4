from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from django import template
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

register = template.Library()

CENT = Decimal("0.01")


@cache
def _money_signs(language):
    """The active language's grouping and decimal signs as a `str.translate` table, built once
    per process: what babel's "#,##0.00" pattern writes (its minus sign is the pattern's "-")."""
    symbols = Locale.parse(to_locale(language)).number_symbols["latn"]
    return str.maketrans({",": symbols["group"], ".": symbols["decimal"]})


def money_formatter(language=None):
    """The `money` filter as a function for one language (the active one by default), for
    views that format many amounts: the same text, without looking the language up each time."""
    signs = _money_signs(language or get_language() or "en")

    def format_money(value):
        if value is None or value == "":
            return _("rate missing")
        if not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except (InvalidOperation, ValueError, TypeError):
                return ""
        # What babel's "#,##0.00" pattern does: the absolute value quantized with the
        # context's rounding, grouped by three, "-" before it when the value is signed.
        text = format(abs(value).quantize(CENT), ",f").translate(signs)
        return "-" + text if value.is_signed() else text

    return format_money


@register.filter
def money(value):
    """An exact amount with two decimals and the active locale's grouping and decimal signs
    (CLDR, like `formatting.number(value, 2)`); "rate missing" for None."""
    return money_formatter()(value)
