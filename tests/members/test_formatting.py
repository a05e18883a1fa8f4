from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load formatting %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "$1,250,000.50"),
        ("fr", "1\u202f250\u202f000,50\xa0$US"),
        ("es", "1.250.000,50\xa0US$"),
        ("ru", "1\xa0250\xa0000,50\xa0$"),
        ("zh-hans", "US$1,250,000.50"),
    ],
)
def test_money_follows_the_active_language(language, expected):
    assert render("{{ amount|money:'USD' }}", language, amount=Decimal("1250000.50")) == expected


def test_money_uses_the_currency_decimals_and_accepts_strings_and_empty_values():
    assert render("{{ amount|money:'JPY' }}", "en", amount="1500") == "¥1,500"
    assert render("{{ amount|money:'KES' }}", "en", amount=None) == ""
    assert render("{{ amount|money:'EUR' }}", "fr", amount="not a number") == ""


def test_numbers_percentages_and_short_money():
    assert render("{{ value|number }}", "fr", value=1234567) == "1\u202f234\u202f567"
    assert render("{{ value|number:2 }}", "es", value=Decimal("3.14159")) == "3,14"
    assert render("{{ value|percent }}", "fr", value=Decimal("0.25")) == "25\xa0%"
    assert render("{{ value|percent:1 }}", "en", value=Decimal("0.256")) == "25.6%"
    assert render("{{ value|money_short:'USD' }}", "en", value=2_500_000) == "$2.5M"
