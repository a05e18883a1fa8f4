from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from django import template
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from gidh_portal.compiled import compiled_rows
from gidh_portal.fragments import render_once

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
SHOWN_COUNTS = (
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)


@register.simple_tag
def country_investments(member_state):
    """The country page section (investments/country_investments.html), rendered once per
    process for the figures it shows (`gidh_portal.fragments`)."""
    section = country_investments_section(member_state)
    plan = section["plan"]
    key = tuple(plan.items()) if plan is not None else None
    return render_once("investments/country_investments.html", key, section)


def country_investments_section(member_state):
    """The country page section's context: the member state's latest approved plan's figures
    and the number of organizations supporting it (one query, a plain row, its SQL compiled
    once)."""
    stored = figures_are_stored()
    rows = compiled_rows(
        ("country-investments", stored),
        lambda iso3: _latest_plan_figures(iso3, stored=stored),
        arguments={"iso3": member_state.iso3},
    )
    row = rows[0] if rows else None
    if row is not None:
        if stored:
            for name in (*SHOWN_FIGURES, *SHOWN_COUNTS):
                value = row.pop(f"figures__{name}")
                row[name] = value if value is not None else (0 if name in SHOWN_COUNTS else ZERO)
        row["supporters"] = row["supporters"] or 0
        row["gap"] = row["cost"] - row["committed"]
        row["gap_usd"] = row["cost_usd"] - row["committed_usd"]
    return {"plan": row, "supporters": row["supporters"] if row is not None else 0}


def _latest_plan_figures(iso3, *, stored):
    """The member state's latest approved plan with the figures the country page shows."""
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
        .filter(member_state=iso3)
        .order_by("-end_year", "-start_year", "-pk")
    )
    columns = ("pk", "title", "start_year", "end_year", "currency")
    if stored:
        # The stored figures as they are (what `with_totals()` reads, without its expressions).
        stored_columns = [f"figures__{name}" for name in (*SHOWN_FIGURES, *SHOWN_COUNTS)]
        plans = plans.values(*columns, *stored_columns, supporters=Subquery(supporting))
    else:
        plans = plans.with_totals().values(
            *columns, *SHOWN_FIGURES, *SHOWN_COUNTS, supporters=Subquery(supporting)
        )
    return plans[:1]
