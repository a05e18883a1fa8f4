"""Numbers in the active language's conventions (CLDR through babel). Amounts of money have
one helper of their own, `investments_tags.money` (docs/money.md).

    {% load formatting %}
    {{ count|number }}  {{ share|percent }}

Django's own `date` filter already formats dates per language (DATE_FORMAT of each locale).
"""

from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale, numbers
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


def _locale():
    return _parsed(to_locale(get_language() or "en"))


@cache
def _parsed(name):
    """The babel Locale of a language, parsed once per process (a plan page formats hundreds of
    amounts)."""
    return Locale.parse(name)


@cache
def _pattern(pattern):
    """A number pattern parsed once per process (babel parses its string on every call)."""
    return numbers.parse_pattern(pattern)


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


@register.filter
def number(value, decimal_places=None):
    """`value` with the locale's grouping and decimal signs; optionally fixed decimals."""
    value = _decimal(value)
    if value is None:
        return ""
    if decimal_places in (None, ""):
        return numbers.format_decimal(value, locale=_locale())
    places = int(decimal_places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    # What numbers.format_decimal(value, format=pattern, locale=...) does, minus the parsing.
    return _pattern(pattern).apply(value, _locale())


@register.filter
def percent(value, decimal_places=0):
    """A ratio (0.25) as a percentage in the locale's form ("25 %" in French)."""
    value = _decimal(value)
    if value is None:
        return ""
    locale = _locale()
    pattern = locale.percent_formats[None].pattern
    places = int(decimal_places or 0)
    if places:
        pattern = pattern.replace("0", "0." + "0" * places, 1)
    # What numbers.format_percent(value, format=pattern, locale=locale) does, minus the parsing.
    return _pattern(pattern).apply(value, locale)


@register.filter
def web_url(value):
    """`value` if it is a web address, else "": a stored link never becomes a `javascript:`
    or `data:` link, even if it reached the database without the URL validators."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://", "ftps://", "ftp://")) else ""
