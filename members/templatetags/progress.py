"""A phase's change since the previous published cycle (members/progress.py), as the country
page, "My country" and the scorecard show it:

    {% load progress %}{% phase_change row.change row.previous_phase %}

A function rather than an included template: the indicators' table of a country with five cycles
holds about 190 of them."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

MARKS = {"up": "▲ ", "down": "▼ ", "unchanged": "= "}


@register.simple_tag
def phase_change(change, previous_phase=None):
    """`change` ("up", "down", "unchanged", "new"; None: "—") in words, with a mark hidden
    from screen readers (the words say it)."""
    if change == "up":
        words = gettext("up from phase %(phase)s") % {"phase": previous_phase}
    elif change == "down":
        words = gettext("down from phase %(phase)s") % {"phase": previous_phase}
    elif change == "unchanged":
        words = gettext("unchanged")
    elif change == "new":
        words = gettext("new")
    else:
        return "—"
    mark = MARKS.get(change)
    if mark is None:
        return format_html('<span class="change change-{}">{}</span>', change, words)
    return format_html(
        '<span class="change change-{}"><span aria-hidden="true">{}</span>{}</span>',
        change,
        mark,
        words,
    )
