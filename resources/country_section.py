"""The country page's resources section: the published resources applied in a member state."""

from django.db.models import Count, F, Window

from gidh_portal.response_cache import cached_under_versions, versioned_caches_on

from .models import Kind, Resource

COUNTRY_LIMIT = 10
# The entry of a member state nobody reads expires after a day.
COUNTRY_RESOURCES_CACHE_SECONDS = 24 * 3600


def country_resources_section(member_state, rows, total):
    """The section's context: `rows`, published resources a member state applied or used
    (`cached_country_resources`), and how many there are."""
    labels = dict(Kind.choices)
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], row["kind"])
    return {
        "member_state": member_state,
        "resources": rows,
        "more": total > COUNTRY_LIMIT,
        "total": total,
    }


def cached_country_resources(iso3):
    """`country_resources_rows(iso3)` kept in the shared cache (Redis) under the data versions
    of resources and members (the publishers' names), while the services bump them (the
    response cache or the benchmark cache is on): a committed write shows at the next request."""
    if not versioned_caches_on():
        return country_resources_rows(iso3)
    return cached_under_versions(
        f"country-resources:{iso3}",
        ("resources", "members"),
        lambda: country_resources_rows(iso3),
        COUNTRY_RESOURCES_CACHE_SECONDS,
    )


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
