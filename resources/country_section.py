"""The country page's resources section: the published resources applied in a member state."""

from django.db.models import Count, F, Window

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
