from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load formatting %}" + source).render(Context(context))


def test_numbers_and_percentages_follow_the_active_language():
    assert render("{{ value|number }}", "fr", value=1234567) == "1\u202f234\u202f567"
    assert render("{{ value|number:2 }}", "es", value=Decimal("3.14159")) == "3,14"
    assert render("{{ value|percent }}", "fr", value=Decimal("0.25")) == "25\xa0%"
    assert render("{{ value|percent:1 }}", "en", value=Decimal("0.256")) == "25.6%"


def test_amounts_of_money_have_one_helper_only():
    """`formatting` has no money filter: amounts go through `investments_tags.money`."""
    from members.templatetags import formatting

    assert "money" not in formatting.register.filters
    assert "money_short" not in formatting.register.filters
