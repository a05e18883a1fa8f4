from django import template
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from members.templatetags.formatting import number

from ..models import ZERO, Commitment, InvestmentPlan, figures_are_stored

register = template.Library()


@register.filter
def money(value):
    """An exact amount with two decimals and the active locale's grouping and decimal signs
    (CLDR, like `formatting.number`); "rate missing" for None."""
    if value is None or value == "":
        return _("rate missing")
    return number(value, 2)


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
