"""The country page's resources section: the published resources applied in a member state."""

from django.db import connection
from django.db.models import Count, F, Window

from gidh_portal.row_urls import row_url

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


# The first `per_pair` rows of each (member state, component) pair, read in the index's order.
EXPERIENCES = """
SELECT p.iso3, p.component, e.slug, e.title
FROM unnest(%s::text[], %s::bigint[]) AS p (iso3, component)
CROSS JOIN LATERAL (
    SELECT slug, title, publication_year, resource_id FROM resources_countryexperience
    WHERE member_state_id = p.iso3 AND component_id = p.component
    ORDER BY publication_year DESC NULLS LAST, title, resource_id
    LIMIT %s
) AS e
ORDER BY p.iso3, p.component, e.publication_year DESC NULLS LAST, e.title, e.resource_id
"""


def country_experiences(pairs, *, per_pair=PEER_RESOURCES):
    """The published resources used in each member state on each GDHM component, for the
    `(iso3, component number)` pairs given: `{(iso3, component): [{"slug", "title", "url"}]}`, the
    newest `per_pair` of each. One query whatever the number of pairs, reading `per_pair` rows
    of the rows the database keeps (`CountryExperience`) per pair."""
    pairs = sorted(set(pairs))
    if not pairs:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            EXPERIENCES,
            [[iso3 for iso3, _c in pairs], [component for _i, component in pairs], per_pair],
        )
        found = {}
        resource_url = row_url("resources:resource-detail", "slug")
        for iso3, component, slug, title in cursor.fetchall():
            found.setdefault((iso3, component), []).append(
                {"slug": slug, "title": title, "url": resource_url(slug)}
            )
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
