from django import template

from ..models import Resource

register = template.Library()

COUNTRY_LIMIT = 10


@register.inclusion_tag("resources/includes/country_resources.html")
def country_resources(member_state):
    """Published resources a member state applied or used (two queries whatever the data)."""
    resources = Resource.objects.published().applied_in(member_state)
    shown = list(
        resources.select_related("publisher").order_by("-publication_year", "title")[
            : COUNTRY_LIMIT + 1
        ]
    )
    more = len(shown) > COUNTRY_LIMIT
    return {
        "member_state": member_state,
        "resources": shown[:COUNTRY_LIMIT],
        "more": more,
        "total": resources.count() if more else len(shown),
    }
