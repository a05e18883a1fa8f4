from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from ..models import Commitment, InvestmentPlan

register = template.Library()


@register.filter
def money(value):
    """An exact amount with two decimals and grouped thousands; "rate missing" for None."""
    if value is None or value == "":
        return _("rate missing")
    return floatformat(value, "2g")


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
