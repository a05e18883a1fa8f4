"""Amounts of money, shown one way on every page, report and chart (docs/money.md, "How
amounts are shown"):

    {{ amount|money:currency }}        <span class="money" …>USD 2.69B</span>, the exact
                                       figure on hover and keyboard focus and for screen readers
    {{ amount|money_text:currency }}   USD 2.69B: the same text, plain (SVG titles)
    <title {{ amount|money_attrs:currency }}>…</title>   marks an element holding money_text

The currency's ISO code in the active language's currency pattern and grouping (CLDR through
babel); whole units from CENTS_BELOW on; babel's short compact forms from COMPACT_FROM on, to
SIGNIFICANT_DIGITS digits. CSV, JSON and the API keep exact numbers and never come here.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale, numbers
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

register = template.Library()

CENTS_BELOW = Decimal(1000)
COMPACT_FROM = Decimal(1_000_000)
SIGNIFICANT_DIGITS = 3


@dataclass(frozen=True)
class Money:
    """An amount as the pages show it: `text`, and `exact` with the currency's decimals;
    `rounded` when `text` leaves something out: cents, or digits in a compact form (always,
    so screen readers read "2,687,267,848.96" and never a letter like "B")."""

    amount: Decimal | None
    currency: str
    text: str
    exact: str
    rounded: bool = False


@cache
def _locale(language):
    return Locale.parse(to_locale(language))


@cache
def _pattern(pattern, currency="", places=None):
    """A babel pattern parsed once per process, with the ISO code for the currency sign,
    separated from an adjacent digit by a no-break space (babel leaves CLDR's currency
    spacing out: "USD2,687"). With `currency`, the code is written into the pattern, and
    with `places` its decimals: applying it then looks nothing up (babel's own currency
    arguments fetch the currency's name and digits on every call: half the time of a page's
    amounts)."""
    pattern = re.sub(r"¤(?=[#0])", "¤¤\xa0", pattern)
    pattern = re.sub(r"(?<=[#0])¤", "\xa0¤¤", pattern)
    pattern = re.sub(r"(?<!¤)¤(?!¤)", "¤¤", pattern)
    if places is not None:
        pattern = re.sub(r"\.0+", "." + "0" * places if places else "", pattern)
    if ";" not in pattern and pattern.startswith("\u200f"):
        # The minus after the right-to-left mark, as in the locale's standard pattern.
        pattern = f"{pattern};\u200f-{pattern[1:]}"
    if currency:
        pattern = pattern.replace("¤¤", f"'{currency}'")
    return numbers.parse_pattern(pattern)


@cache
def _places(currency):
    return numbers.get_currency_precision(currency) if currency else 2


def _decimal(value):
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _rounded(value, places):
    result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(result) if result.is_zero() else result  # never "-USD 0.00"


@cache
def _compact_forms(language):
    """A language's short compact currency patterns, read once per process: the magnitudes
    (largest first) and, per magnitude, its divisor, its "other" pattern and, where the plural
    categories' patterns differ, each category's."""
    formats = _locale(language).compact_currency_formats["short"]
    magnitudes = sorted((int(m) for m in formats["other"]), reverse=True)
    forms = {}
    for magnitude in magnitudes:
        other = formats["other"][str(magnitude)].pattern
        by_plural = {
            plural: patterns[str(magnitude)].pattern
            for plural, patterns in formats.items()
            if str(magnitude) in patterns
        }
        positive = other.split(";")[0]
        divisor = magnitude // 10 ** (positive.count("0") - 1)
        varies = any(pattern != other for pattern in by_plural.values())
        forms[magnitude] = (divisor, other, by_plural if varies else None)
    return magnitudes, forms


def _compact(value, currency, language):
    """CLDR's short compact currency form (babel's `format_compact_currency`), to
    SIGNIFICANT_DIGITS digits and with the ISO code: "USD 2.69B", "2,69 Md USD", "USD 26.9亿"."""
    magnitudes, forms = _compact_forms(language)
    magnitude = next(m for m in magnitudes if m <= abs(value))
    divisor, pattern, by_plural = forms[magnitude]
    scaled = value / divisor
    places = max(0, SIGNIFICANT_DIGITS - len(str(int(abs(scaled)))))
    shown = _rounded(scaled, places)
    larger = [m for m in magnitudes if m > magnitude]
    if larger and abs(shown) * divisor >= larger[-1]:
        # Rounding carried into the next magnitude (999.6 million): start again from there.
        return _compact(Decimal(larger[-1]).copy_sign(value), currency, language)
    shown = shown.quantize(Decimal(1)) if shown == shown.to_integral() else shown.normalize()
    locale = _locale(language)
    if by_plural:
        plural = "1" if shown == 1 and "1" in by_plural else locale.plural_form(abs(shown))
        pattern = by_plural.get(plural, pattern)
    return _pattern(pattern, currency).apply(shown, locale, decimal_quantization=False)


def format_money(amount, currency, language=None):
    """`amount` in `currency` for `language` (the active one by default) as a `Money`; its
    texts are "" for what is not a number and "rate missing" for None."""
    currency = currency or ""
    if amount is None or amount == "":
        missing = _("rate missing")
        return Money(None, currency, missing, missing)
    value = _decimal(amount)
    if value is None or not value.is_finite():
        return Money(None, currency, "", "")
    language = language or get_language() or "en"
    locale = _locale(language)
    standard = locale.currency_formats["standard"].pattern
    places = _places(currency)
    exact = _pattern(standard, currency, places).apply(_rounded(value, places), locale)
    units = _rounded(value, 0)
    if abs(units) >= COMPACT_FROM:
        return Money(value, currency, _compact(value, currency, language), exact, rounded=True)
    if abs(value) >= CENTS_BELOW:
        text = _pattern(standard, currency, 0).apply(units, locale)
        return Money(value, currency, text, exact, rounded=units != value)
    return Money(value, currency, exact, exact)


def money_html(money):
    """A `Money` as the pages show it: a `span.money` holding its amount and currency in data
    attributes; a rounded one is focusable, shows the exact figure on focus (in place, so it
    hides nothing) and in its title on hover, and gives screen readers only the exact one."""
    if money.amount is None:
        if not money.text:
            return ""
        return format_html(
            '<span class="money money-missing" data-currency="{}">{}</span>',
            money.currency,
            money.text,
        )
    if not money.rounded:
        return format_html(
            '<span class="money" data-amount="{}" data-currency="{}">{}</span>',
            money.amount,
            money.currency,
            money.text,
        )
    return format_html(
        '<span class="money" data-amount="{}" data-currency="{}" title="{}" tabindex="0">'
        '<span class="money-short" aria-hidden="true">{}</span>'
        '<span class="money-exact">{}</span></span>',
        money.amount,
        money.currency,
        money.exact,
        money.text,
        money.exact,
    )


@register.filter
def money(amount, currency):
    """`amount` in `currency` as `span.money` (see `money_html`)."""
    return money_html(format_money(amount, currency))


@register.filter
def money_text(amount, currency):
    """The short text of `amount` in `currency`, plain: for SVG titles and labels."""
    return format_money(amount, currency).text


@register.filter
def money_attrs(amount, currency):
    """The attributes that mark an element (an SVG title) as holding `money_text`."""
    value = _decimal(amount) if amount not in (None, "") else None
    if value is None:
        return format_html('class="money money-missing" data-currency="{}"', currency or "")
    return format_html('class="money" data-amount="{}" data-currency="{}"', value, currency or "")
