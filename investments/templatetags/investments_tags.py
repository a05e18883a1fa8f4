from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from django import template
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from ..models import Commitment, InvestmentPlan

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


@register.inclusion_tag("investments/country_investments.html")
def country_investments(member_state):
    """The country page section: the member state's latest approved plan with its figures."""
    return country_investments_section(member_state)


def country_investments_section(member_state):
    """The section's context: the member state's latest approved plan (None if it has none)
    with its stored figures and the number of organizations supporting it."""
    supporting = (
        Commitment.objects.public()
        .filter(plan=OuterRef("pk"), organization__isnull=False)
        .order_by()
        .values("plan")
        .annotate(organizations=Count("organization", distinct=True))
        .values("organizations")
    )
    plan = (
        InvestmentPlan.objects.published()
        .filter(member_state=member_state)
        .with_totals()
        .annotate(supporters=Coalesce(Subquery(supporting), 0))
        .order_by("-end_year", "-start_year", "-pk")
        .first()
    )
    return {"plan": plan, "supporters": plan.supporters if plan is not None else 0}
