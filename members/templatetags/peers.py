"""The peers of one indicator as list items (members/includes/country_peers.html):

    {% load peers %}<ul class="peer-list">{% peer_items item can_request_exchange %}</ul>

Built here rather than by the template engine: a peers page lists up to 270 peers, each with a
dozen values and conditions, and the engine's work per value was most of the page's time (as
for the world map's links, members/world_map.py). `format_html` escapes every value."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()

EVIDENCE_WORDS = 40


def _labels():
    """The section's labels, translated and escaped once (format_html leaves them as they are)."""
    labels = {
        "region": gettext("Same WHO region"),
        "income_group": gettext("Same income group"),
        "world": gettext("Another region and income group"),
        "evidence": gettext("Evidence"),
        "source": gettext("Source"),
        "evidence_document": gettext("Evidence (PDF)"),
        "resources": gettext("Resources used:"),
        "exchange": gettext("Ask for an exchange"),
    }
    return {key: conditional_escape(label) for key, label in labels.items()}


@register.simple_tag(takes_context=True)
def peer_items(context, item, can_request_exchange=False):
    """The `<li>` of each peer of `item` (members.peers.peers_by_indicator), with the link to
    ask for an exchange when `can_request_exchange`."""
    # Translated once per rendering of the section, not once per peer.
    labels = context.render_context.get("peer_labels")
    if labels is None:
        labels = context.render_context["peer_labels"] = _labels()
    return format_html_join(
        "",
        "{}",
        ((_peer(peer, item["indicator"], labels, can_request_exchange),) for peer in item["peers"]),
    )


def _peer(peer, indicator, labels, can_request_exchange):
    name = conditional_escape(peer["name"])  # written up to four times
    parts = [
        format_html(
            '<li><a href="{}">{}</a> · <strong>{}</strong> · {} <small>({}{}; {})</small>',
            peer["url"],
            name,
            peer["phase_label"],
            labels.get(peer["nearness"], labels["world"]),
            peer["who_region"],
            format_html(", {}", peer["income_group_label"]) if peer["income_group_label"] else "",
            peer["profile_label"],
        )
    ]
    if peer["evidence_note"] or peer["source_link"] or peer["evidence_document_url"]:
        parts.append(
            format_html(
                '<div class="peer-evidence"><span class="visually-hidden">{}: </span>'
                '<span dir="auto">{}</span>',
                labels["evidence"],
                Truncator(peer["evidence_note"]).words(EVIDENCE_WORDS, truncate=" …"),
            )
        )
        for url, label, attributes in (
            (peer["source_link"], labels["source"], mark_safe(' rel="noopener nofollow"')),
            (peer["evidence_document_url"], labels["evidence_document"], ""),
        ):
            if url:
                parts.append(
                    format_html(
                        ' <a href="{}"{}>{}<span class="visually-hidden"> ({})</span></a>',
                        url,
                        attributes,
                        label,
                        name,
                    )
                )
        parts.append("</div>")
    if peer.get("resources"):  # the pages composed in investments/country_page.py
        links = format_html_join(
            "; ",
            '<a href="{}" dir="auto">{}</a>',
            ((resource["url"], resource["title"]) for resource in peer["resources"]),
        )
        parts.append(
            format_html('<div class="peer-resources">{} {}</div>', labels["resources"], links)
        )
    if can_request_exchange:
        parts.append(
            format_html(
                '<a class="peer-request" href="{}">{}'
                '<span class="visually-hidden"> ({}, {})</span></a>',
                peer["exchange_url"],
                labels["exchange"],
                name,
                indicator,
            )
        )
    parts.append("</li>")
    # Each part is format_html's (its values escaped) or a closing tag written here.
    return mark_safe("".join(parts))
