from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from django import template
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from ..models import ZERO, Commitment, InvestmentPlan, figures_are_stored

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


# What the country page shows of a plan's figures (investments/country_investments.html).
SHOWN_FIGURES = ("cost", "cost_usd", "committed", "committed_usd")
SHOWN_COUNTS = ("cost_rates_missing", "commitment_rates_missing")


@register.inclusion_tag("investments/country_investments.html", takes_context=True)
def country_investments(context, member_state):
    """The country page section: its latest approved plan's figures and the number of
    organizations supporting it (one query, a plain row)."""
    supporting = (
        Commitment.objects.public()
        .filter(plan=OuterRef("pk"), organization__isnull=False)
        .order_by()
        .values("plan")
        .annotate(organizations=Count("organization", distinct=True))
        .values("organizations")
    )
    plans = (
        InvestmentPlan.objects.published()
        .filter(member_state=member_state)
        .order_by("-end_year", "-start_year", "-pk")
    )
    columns = ("pk", "title", "start_year", "end_year", "currency")
    if figures_are_stored():
        # The stored figures as they are (what `with_totals()` reads, without its expressions).
        stored = {f"figures__{name}": name for name in (*SHOWN_FIGURES, *SHOWN_COUNTS)}
        row = plans.values(*columns, *stored, supporters=Subquery(supporting)).first()
        if row is not None:
            for column, name in stored.items():
                value = row.pop(column)
                row[name] = value if value is not None else (0 if name in SHOWN_COUNTS else ZERO)
    else:
        row = (
            plans.with_totals()
            .values(*columns, *SHOWN_FIGURES, *SHOWN_COUNTS, supporters=Subquery(supporting))
            .first()
        )
    if row is not None:
        row["supporters"] = row["supporters"] or 0
        row["gap"] = row["cost"] - row["committed"]
        row["gap_usd"] = row["cost_usd"] - row["committed_usd"]
    return {
        "plan": row,
        "country": member_state,
        "supporters": row["supporters"] if row is not None else 0,
        "request": context.get("request"),
    }
