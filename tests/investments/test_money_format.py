"""`format_money` and `money_html` write, byte for byte, what they wrote when every amount went
through babel's `NumberPattern.apply` and Django's `format_html`: the reference below is that
helper, compared with today's over edge and random amounts, in every language of the portal
and many currencies (docs/money.md, "How amounts are shown")."""

import random
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from investments.templatetags import investments_tags as tags
from investments.templatetags.investments_tags import format_money, money_html

# The reference: investments_tags as it was, formatting each amount with babel.


def reference_rounded(value, places):
    result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(result) if result.is_zero() else result


def reference_compact(value, currency, language):
    formats = tags._locale(language).compact_currency_formats["short"]
    magnitudes = sorted((int(m) for m in formats["other"]), reverse=True)
    magnitude = next(m for m in magnitudes if m <= abs(value))
    pattern = formats["other"][str(magnitude)].pattern
    by_plural = {
        plural: patterns[str(magnitude)].pattern
        for plural, patterns in formats.items()
        if str(magnitude) in patterns
    }
    divisor = magnitude // 10 ** (pattern.split(";")[0].count("0") - 1)
    scaled = value / divisor
    places = max(0, tags.SIGNIFICANT_DIGITS - len(str(int(abs(scaled)))))
    shown = reference_rounded(scaled, places)
    larger = [m for m in magnitudes if m > magnitude]
    if larger and abs(shown) * divisor >= larger[-1]:
        return reference_compact(Decimal(larger[-1]).copy_sign(value), currency, language)
    shown = shown.quantize(Decimal(1)) if shown == shown.to_integral() else shown.normalize()
    locale = tags._locale(language)
    if any(other != pattern for other in by_plural.values()):
        plural = "1" if shown == 1 and "1" in by_plural else locale.plural_form(abs(shown))
        pattern = by_plural.get(plural, pattern)
    return tags._pattern(pattern, currency).apply(shown, locale, decimal_quantization=False)


def reference_format_money(amount, currency, language):
    currency = currency or ""
    if amount is None or amount == "":
        missing = gettext("rate missing")
        return (None, currency, missing, missing, False)
    value = tags._decimal(amount)
    if value is None or not value.is_finite():
        return (None, currency, "", "", False)
    locale = tags._locale(language)
    standard = locale.currency_formats["standard"].pattern
    places = tags._places(currency)
    exact = tags._pattern(standard, currency, places).apply(
        reference_rounded(value, places), locale
    )
    units = reference_rounded(value, 0)
    if abs(units) >= tags.COMPACT_FROM:
        return (value, currency, reference_compact(value, currency, language), exact, True)
    if abs(value) >= tags.CENTS_BELOW:
        text = tags._pattern(standard, currency, 0).apply(units, locale)
        return (value, currency, text, exact, units != value)
    return (value, currency, exact, exact, False)


def reference_money_html(amount, currency, text, exact, rounded):
    if amount is None:
        if not text:
            return ""
        return format_html(
            '<span class="money money-missing" data-currency="{}">{}</span>', currency, text
        )
    if not rounded:
        return format_html(
            '<span class="money" data-amount="{}" data-currency="{}">{}</span>',
            amount,
            currency,
            text,
        )
    return format_html(
        '<span class="money" data-amount="{}" data-currency="{}" title="{}" tabindex="0">'
        '<span class="money-short" aria-hidden="true">{}</span>'
        '<span class="money-exact">{}</span></span>',
        amount,
        currency,
        exact,
        text,
        exact,
    )


# The amounts: edges (rounding to the cent, to units and into the next compact magnitude,
# signs, zeros, what is not a number, what the decimal context cannot hold), values just
# around each threshold, and random amounts of every size.

DECIMAL_EDGES = """
    0 -0 0.00 0.004 -0.004 0.005 -0.005 0.0049999 0.015 0.025 0.5 0.994 0.995 0.9995 1 -1 12.5
    -12.5 999.99 999.994 999.995 -999.995 999.999 1000 1000.49 1000.5 -1000.5 12345.67 800000.00
    800000.01 999999.49 999999.5 999999.6 -999999.6 1000000 1000000.01 1250000 1005000 9995000
    99950000 999400000 999499999 999500000 999600000 -999600000 1000000000 2687267848.96
    6500000000 1E+12 1000000000000 999950000000 1234567890123.45 99999999999999 999500000000000
    1E+15 123456789012345678.9 1E+20 1E+25 1E+30 1E-10 0.000000001 NaN -Infinity sNaN
"""
EDGES = [
    *map(Decimal, DECIMAL_EDGES.split()),
    None,
    "",
    "not a number",
    "12.5",
    " 7 ",
    "Infinity",
    0,
    1500,
    -12,
    10**13,
    12.5,
    0.1 + 0.2,
    1e12,
    -3.5e6,
    float("nan"),
    float("inf"),
]


def amounts():
    rng = random.Random(18)
    values = list(EDGES)
    thresholds = [tags.CENTS_BELOW, tags.COMPACT_FROM] + [
        Decimal(digits).scaleb(exponent)
        for exponent in range(3, 16)
        for digits in ("1", "9995", "9994999", "9996")
    ]
    for threshold in thresholds:
        for step in ("1", "0.5", "0.01", "0.005", "0.001"):
            values += [threshold - Decimal(step), threshold + Decimal(step), -threshold]
    for _ in range(600):
        digits = rng.randint(1, 18)
        value = Decimal(rng.randrange(10**digits)).scaleb(rng.randint(-4, 16) - digits)
        values.append(-value if rng.random() < 0.2 else value)
    return values


CURRENCIES = ["USD", "EUR", "JPY", "KWD", "BHD", "INR", "CHF", "XOF", "KES", "CLF", None, ""]
# Codes no data holds (the tables allow three capitals), still written as babel did.
ODD_CURRENCIES = ["X'Y", "'", "''", "A&B", '<b title="x">', SafeString("A&amp;B"), "usd"]


def outcome(function, *args):
    try:
        return function(*args)
    except InvalidOperation as error:  # an amount beyond the decimal context (1E+30 to cents)
        return type(error)


def compare(language, values, currencies):
    differences = []
    with translation.override(language):
        for currency in currencies:
            for amount in values:
                expected = outcome(reference_format_money, amount, currency, language)
                money = outcome(format_money, amount, currency, language)
                if isinstance(money, tags.Money):
                    shown = (money.amount, money.currency, money.text, money.exact, money.rounded)
                    expected_html = reference_money_html(*expected)
                    html = money_html(money)
                    if (type(html), html) != (type(expected_html), expected_html):
                        differences.append((amount, currency, html, expected_html))
                else:
                    shown = money
                if shown != expected:
                    differences.append((amount, currency, shown, expected))
    return differences


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_amounts_are_written_as_babel_wrote_them(language):
    values = amounts()
    assert compare(language, values, CURRENCIES)[:5] == []
    assert compare(language, EDGES, ODD_CURRENCIES)[:5] == []


def test_the_comparison_covers_every_form_of_amount():
    forms = {
        (money.amount is None, money.text == "", money.rounded, money.text[-1:] in ("M", "B", "T"))
        for amount in amounts()
        for money in [outcome(format_money, amount, "USD", "en")]
        if isinstance(money, tags.Money)
    }
    # Missing, not a number, cents, whole units (rounded or not), compact.
    assert forms >= {
        (True, False, False, False),
        (True, True, False, False),
        (False, False, False, False),
        (False, False, True, False),
        (False, False, True, True),
    }
    assert outcome(format_money, Decimal("1E+30"), "USD", "en") is InvalidOperation


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_each_pattern_writes_digits_as_babel_applies_it(language):
    """The layouts alone, on every pattern they are made of (with padding that no compact
    amount needs: "0000 M" writes 5 as "0005 M"), against babel's `apply`."""
    locale = tags._locale(language)
    rng = random.Random(language)
    values = [Decimal(rng.randrange(10 ** rng.randint(1, 16))) for _ in range(100)]
    values += [Decimal(v) for v in ("0", "1", "5", "12", "999", "1000", "100000", "1E+15")]
    values += [-v for v in values]
    standard = locale.currency_formats["standard"].pattern
    compact = {
        pattern.pattern
        for patterns in locale.compact_currency_formats["short"].values()
        for pattern in patterns.values()
    }
    patterns = [(standard, places) for places in (0, 2, 3, 4)] + [(p, None) for p in compact]
    differences = []
    for pattern, places in patterns:
        for currency in ("USD", "KWD", ""):
            layout = tags._layout(language, pattern, currency, places)
            babel = tags._pattern(pattern, currency, places)
            for value in values:
                for decimals in (0, 1, 3):
                    if places is not None:
                        shown = value.scaleb(-decimals).quantize(Decimal(1).scaleb(-places))
                    else:
                        shown = value.scaleb(-decimals).normalize()
                        shown = (
                            shown.quantize(Decimal(1)) if shown.as_tuple().exponent > 0 else shown
                        )
                    expected = babel.apply(shown, locale, decimal_quantization=places is not None)
                    if layout.format(shown) != expected:
                        differences.append((pattern, currency, shown, expected))
    assert differences[:5] == []


@pytest.mark.parametrize(
    "pattern",
    ["#,##0.00%", "#,##,##0.00\xa0¤", "0.###E0\xa0¤", "@@@\xa0¤", "00,000.00\xa0¤"],
)
def test_a_pattern_not_written_as_babel_would_is_refused(pattern):
    with pytest.raises(ValueError, match="not supported"):
        tags._layout("en", pattern, "USD", 2)
