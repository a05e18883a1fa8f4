"""The country page's resources section: the published resources applied in a member state."""

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from .models import Kind, Resource

COUNTRY_LIMIT = 10


def country_resources_section(member_state):
    """The section's context: the first published resources a member state applied or used,
    and how many there are."""
    rows, total = country_resources_rows(member_state.iso3)
    labels = dict(Kind.choices)
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], row["kind"])
    return {
        "member_state": member_state,
        "resources": rows,
        "more": total > COUNTRY_LIMIT,
        "total": total,
    }


def country_resources_rows(iso3):
    """The first `COUNTRY_LIMIT` published resources applied in a member state (newest first)
    as plain rows, and how many there are (`COUNT(*) OVER ()`: one query)."""
    rows = list(
        Resource.objects.published()
        .filter(member_states=iso3)
        .order_by("-publication_year", "title")
        .values(
            "slug",
            "title",
            "kind",
            "publication_year",
            publisher_name=F("publisher__name"),
            publisher_acronym=F("publisher__acronym"),
            total=Window(Count("*")),
        )[:COUNTRY_LIMIT]
    )
    total = rows[0]["total"] if rows else 0
    for row in rows:
        del row["total"]
    return rows, total


# How many catalogue resources a peer shows for one indicator.
PEER_RESOURCES = 3


def country_experiences(pairs, *, per_pair=PEER_RESOURCES):
    """The published resources used in each member state on each GDHM component, for the
    `(iso3, component number)` pairs given: `{(iso3, component): [{"slug", "title"}]}`, the
    newest `per_pair` of each. One query whatever the number of pairs."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = (
        Resource.objects.published()
        .filter(
            member_states__in={iso3 for iso3, _component in pairs},
            gdhm_components__in={component for _iso3, component in pairs},
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("member_states"), F("gdhm_components")],
                order_by=[F("publication_year").desc(nulls_last=True), F("title"), F("pk")],
            )
        )
        .filter(rank__lte=per_pair)
        .order_by("rank")
        .values("slug", "title", iso3=F("member_states"), component=F("gdhm_components"))
    )
    found = {}
    for row in rows:
        key = (row["iso3"], row["component"])
        if key in pairs:
            found.setdefault(key, []).append({"slug": row["slug"], "title": row["title"]})
    return found


def attach_country_experiences(peer_indicators):
    """Give each peer of `members.peers.peers_by_indicator`'s result the catalogue resources
    it used on the indicator's component (`peer["resources"]`). One query."""
    experiences = country_experiences(
        (peer["iso3"], item["component"]) for item in peer_indicators for peer in item["peers"]
    )
    for item in peer_indicators:
        for peer in item["peers"]:
            peer["resources"] = experiences.get((peer["iso3"], item["component"]), [])
    return peer_indicators
