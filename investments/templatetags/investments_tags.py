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

import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale, numbers
from django import template
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
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
    with `places` its decimals (babel's own currency arguments fetch the currency's name and
    digits on every call)."""
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


_UNQUOTE = re.compile(r"'([^']*)'")


def _unquote(text):
    return _UNQUOTE.sub(lambda match: match.group(1) or "'", text)


@dataclass(frozen=True)
class _Layout:
    """A currency pattern as one language writes it, read from babel once: what babel's
    `NumberPattern.apply` does at each call (look up the symbols, group the digits, unquote
    the affixes) without the look-ups. `format` takes a value already rounded: to the
    pattern's decimals (the exact and whole-unit forms), or normalized (a compact form shows
    the decimals it has); tests/investments/test_money_format.py compares it with `apply`."""

    prefixes: tuple[str, str]  # positive, negative
    suffixes: tuple[str, str]
    spec: str  # ",f": groups of three, "f": none
    group: str
    decimal: str
    integer_digits: int
    number: bool  # False when a quote in the currency code swallowed the number, as in babel

    def format(self, value):
        number = ""
        if self.number:
            integer, point, fraction = format(abs(value), self.spec).partition(".")
            if self.integer_digits > 1:  # "0000 M": ungrouped
                integer = integer.rjust(self.integer_digits, "0")
            number = integer.replace(",", self.group) + (self.decimal + fraction if point else "")
        negative = value.is_signed()
        return self.prefixes[negative] + number + self.suffixes[negative]


@cache
def _layout(language, pattern, currency="", places=None):
    """The `_Layout` of `_pattern(pattern, currency, places)` in `language`; `places` None for
    a compact pattern. Refuses a pattern that `format` would not write as babel does (those of
    settings.LANGUAGES are all written)."""
    parsed = _pattern(pattern, currency, places)
    symbols = _locale(language).number_symbols["latn"]
    spec = {(3, 3): ",f", (1000, 1000): "f"}.get(parsed.grouping)
    decimals = (places, places) if places is not None else (0, parsed.frac_prec[1])
    if parsed.number_pattern and (
        parsed.scale
        or parsed.exp_prec
        or "@" in parsed.pattern
        or spec is None
        or (spec == ",f" and parsed.int_prec[0] > 1)
        or parsed.frac_prec != decimals
        or "'" in symbols["group"] + symbols["decimal"]
    ):
        raise ValueError(f"Money pattern {parsed.pattern!r} not supported in {language}")
    # Babel unquotes its whole text; a prefix holds whole quoted parts only, and the number
    # no quote, so unquoting each affix alone gives the same.
    return _Layout(
        prefixes=tuple(map(_unquote, parsed.prefix)),
        suffixes=tuple(map(_unquote, parsed.suffix)),
        spec=spec,
        group=symbols["group"],
        decimal=symbols["decimal"],
        integer_digits=parsed.int_prec[0],
        number=bool(parsed.number_pattern),
    )


@cache
def _standard_layouts(language, currency):
    """The exact (the currency's decimals) and whole-unit layouts of `language`'s currency
    pattern, and the currency's decimals."""
    standard = _locale(language).currency_formats["standard"].pattern
    places = _places(currency)
    return (
        _layout(language, standard, currency, places),
        _layout(language, standard, currency, 0),
        places,
    )


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


@cache
def _quantum(places):
    return Decimal(1).scaleb(-places)


def _rounded(value, places):
    result = value.quantize(_quantum(places), rounding=ROUND_HALF_UP)
    return abs(result) if result.is_zero() else result  # never "-USD 0.00"


@cache
def _compact_forms(language):
    """A language's short compact currency patterns, read once per process, by the exponent
    of ten of the amount: the largest magnitude not above it (CLDR's magnitudes are powers of
    ten), its divisor, its "other" pattern, where the plural categories' patterns differ each
    category's, and the next larger magnitude."""
    formats = _locale(language).compact_currency_formats["short"]
    magnitudes = sorted((int(m) for m in formats["other"]), reverse=True)
    forms = {}
    for magnitude, larger in zip(magnitudes, [None, *magnitudes], strict=False):
        other = formats["other"][str(magnitude)].pattern
        by_plural = {
            plural: patterns[str(magnitude)].pattern
            for plural, patterns in formats.items()
            if str(magnitude) in patterns
        }
        positive = other.split(";")[0]
        divisor = magnitude // 10 ** (positive.count("0") - 1)
        varies = any(pattern != other for pattern in by_plural.values())
        forms[magnitude] = (divisor, other, by_plural if varies else None, larger)
    return [
        next((forms[m] for m in magnitudes if m <= 10**exponent), None)
        for exponent in range(len(str(magnitudes[0])))
    ]


def _compact(value, currency, language):
    """CLDR's short compact currency form (babel's `format_compact_currency`), to
    SIGNIFICANT_DIGITS digits and with the ISO code: "USD 2.69B", "2,69 Md USD", "USD 26.9亿"."""
    forms = _compact_forms(language)
    divisor, pattern, by_plural, larger = forms[min(value.adjusted(), len(forms) - 1)]
    scaled = value / divisor
    # scaled is at least 1: its integer digits are its adjusted exponent + 1.
    shown = _rounded(scaled, max(0, SIGNIFICANT_DIGITS - 1 - scaled.adjusted()))
    if larger and abs(shown) * divisor >= larger:
        # Rounding carried into the next magnitude (999.6 million): start again from there.
        return _compact(Decimal(larger).copy_sign(value), currency, language)
    shown = shown.quantize(Decimal(1)) if shown == shown.to_integral() else shown.normalize()
    if by_plural:
        plural = (
            "1" if shown == 1 and "1" in by_plural else _locale(language).plural_form(abs(shown))
        )
        pattern = by_plural.get(plural, pattern)
    return _layout(language, pattern, currency).format(shown)


def format_money(amount, currency, language=None):
    """`amount` in `currency` for `language` (the active one by default) as a `Money`; its
    texts are "" for what is not a number and "rate missing" for None."""
    currency = currency or ""
    if isinstance(amount, Decimal):
        value = amount
    elif amount is None or amount == "":
        missing = _("rate missing")
        return Money(None, currency, missing, missing)
    else:
        value = _decimal(amount)
    if value is None or not value.is_finite():
        return Money(None, currency, "", "")
    language = language or get_language() or "en"
    exact_layout, units_layout, places = _standard_layouts(language, currency)
    exact = exact_layout.format(_rounded(value, places))
    units = _rounded(value, 0)
    if abs(units) >= COMPACT_FROM:
        return Money(value, currency, _compact(value, currency, language), exact, rounded=True)
    if abs(value) >= CENTS_BELOW:
        return Money(value, currency, units_layout.format(units), exact, rounded=units != value)
    return Money(value, currency, exact, exact)


def _escape(text):
    """Django's `conditional_escape`, without the lazy-argument wrapper of its `escape`."""
    if isinstance(text, Promise):
        text = str(text)
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def money_html(money):
    """A `Money` as the pages show it: a `span.money` holding its amount and currency in data
    attributes; a rounded one is focusable, shows the exact figure on focus (in place, so it
    hides nothing) and in its title on hover, and gives screen readers only the exact one."""
    currency, text = _escape(money.currency), _escape(money.text)
    if money.amount is None:
        if not money.text:
            return ""
        return SafeString(
            f'<span class="money money-missing" data-currency="{currency}">{text}</span>'
        )
    amount = _escape(money.amount)
    if not money.rounded:
        return SafeString(
            f'<span class="money" data-amount="{amount}" data-currency="{currency}">{text}</span>'
        )
    exact = _escape(money.exact)
    return SafeString(
        f'<span class="money" data-amount="{amount}" data-currency="{currency}" title="{exact}"'
        f' tabindex="0"><span class="money-short" aria-hidden="true">{text}</span>'
        f'<span class="money-exact">{exact}</span></span>'
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
