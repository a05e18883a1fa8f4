from django import template
from django.utils.translation import gettext as _

from members.templatetags.formatting import number

from ..models import Commitment, InvestmentPlan

register = template.Library()


@register.filter
def money(value):
    """An exact amount with two decimals and the active locale's grouping and decimal signs
    (CLDR, like `formatting.number`); "rate missing" for None."""
    if value is None or value == "":
        return _("rate missing")
    return number(value, 2)


@register.inclusion_tag("investments/country_investments.html", takes_context=True)
def country_investments(context, member_state):
    """The country page section: its latest approved plan's figures (three queries at most)."""
    plan = (
        InvestmentPlan.objects.published()
        .filter(member_state=member_state)
        .with_totals()
        .order_by("-end_year", "-start_year", "-pk")
        .first()
    )
    supporters = 0
    if plan is not None:
        supporters = (
            Commitment.objects.public()
            .filter(plan=plan, organization__isnull=False)
            .values("organization")
            .distinct()
            .count()
        )
    return {
        "plan": plan,
        "country": member_state,
        "supporters": supporters,
        "request": context.get("request"),
    }
