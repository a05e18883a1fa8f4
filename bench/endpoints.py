"""The endpoints `make bench` drives, each with the raw SQL of its floor (bench/floor.py).

`path` may hold `{plan}` or `{resource}`: bench/run.py fills them from the database (Kenya's
demo plan, the first bulk resource), so the portal and its floor read the same rows.
The floor of a page or list is the data it shows (the same rows, the same fields: a page's
sections, a list's page of 50 with the values of its items, money converted as the portal does)
as one raw query returns them, serialised with orjson: what the hardware does for that data
without Django. Counts and totals (of a list, of facets, of a plan's supporters) are the
portal's extra work, so they are not in the floor; nor is ranking: the searches' floors read
their matches newest first. A list declared once (gidh_portal/listing.py) gets its floor from
that declaration: the SQL its rows run.
"""

from collections.abc import Callable
from dataclasses import dataclass

from bench import floor


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    target_ratio: int  # the acceptance: API lists within 3× of the floor's p95, pages within 5×
    # Raw SQL, or a function giving the SQL and its parameters (Django set up): a list declared
    # once (gidh_portal/listing.py) gives the SQL of its own page.
    floor_sql: str | Callable[[], tuple]
    kind: str = "page"  # "page" or "api"

    def floor_query(self):
        """The floor's SQL and its parameters (None: the SQL holds no placeholder)."""
        if callable(self.floor_sql):
            return self.floor_sql()
        return self.floor_sql, None


def _api_resources_floor():
    """The API search's page of 50 as its one declaration (`ResourceSerializer`) reads it: the
    SQL of `listing.rows`, the matches newest first."""
    # Imported here: bench/run.py reads the endpoints without Django set up.
    from gidh_portal import listing
    from resources.api.serializers import ResourceSerializer, with_item_columns
    from resources.models import Resource

    matches = Resource.objects.published().matching("immunization")
    rows = listing.rows(with_item_columns(matches), ResourceSerializer)
    return listing.sql_of(rows.order_by("-publication_year", "id")[:50])


PLAN_SQL = (
    "SELECT id FROM investments_investmentplan WHERE member_state_id = 'KEN' ORDER BY id LIMIT 1"
)
RESOURCE_SQL = "SELECT slug FROM resources_resource WHERE slug = 'bulk-1'"

_RESOURCE_PAGE = """
SELECT r.slug, r.kind, r.title, r.summary, r.description_language, r.publication_year,
       r.link, r.licence, r.quality_assured, r.updated_at,
       json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym) AS publisher,
       ARRAY(SELECT code FROM resources_resourcelanguage l WHERE l.resource_id = r.id) AS languages,
       ARRAY(SELECT memberstate_id FROM resources_resource_member_states m
             WHERE m.resource_id = r.id) AS member_states,
       ARRAY(SELECT gdhmcomponent_id FROM resources_resource_gdhm_components g
             WHERE g.resource_id = r.id) AS gdhm_components
FROM resources_resource r LEFT JOIN members_organization o ON o.id = r.publisher_id
WHERE r.status = 'approved' {where}
ORDER BY {order} LIMIT {limit}
"""


def _plan_page():
    """The varied floor's plan page (bench/floor.py) for the plan the one URL shows."""
    # Imported here: bench/run.py reads the endpoints without Django set up.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(PLAN_SQL)
        (plan,) = cursor.fetchone()
    return floor.PLAN_PAGE, {"plan": plan}


def _plans():
    """The anonymous list's first page as its declaration reads it (`InvestmentPlanSerializer`
    over the public plans, in the list's order)."""
    # Imported here: bench/run.py reads the endpoints without Django set up.
    from django.contrib.auth.models import AnonymousUser

    from gidh_portal import listing
    from investments.api.views.plans import InvestmentPlanViewSet, plan_rows

    page = plan_rows(AnonymousUser()).order_by(*InvestmentPlanViewSet.ordering)[:50]
    return listing.sql_of(page)


def _commitments():
    """The anonymous list's first page as its declaration reads it (`CommitmentSerializer`
    over the public commitments, in the list's order): the floor names no column itself."""
    # Imported here: bench/run.py reads the endpoints without Django set up.
    from django.contrib.auth.models import AnonymousUser

    from gidh_portal import listing
    from investments.api.views.commitments import CommitmentViewSet, commitment_rows

    page = commitment_rows(AnonymousUser()).order_by(*CommitmentViewSet.ordering)[:50]
    return listing.sql_of(page)


_FUNDING_GAPS = """
SELECT m.who_region_id AS region, w.name_en AS label,
       sum(f.cost_usd) AS cost_usd, sum(f.committed_usd) AS committed_usd,
       sum(f.disbursed_usd) AS disbursed_usd,
       sum(f.cost_rates_missing) AS cost_rates_missing,
       sum(f.commitment_usd_rates_missing) AS commitment_rates_missing,
       sum(f.cost_rates_provisional) AS cost_rates_provisional,
       sum(f.commitment_usd_rates_provisional) AS commitment_rates_provisional
FROM investments_planfigures f
JOIN investments_investmentplan p ON p.id = f.plan_id
JOIN members_memberstate m ON m.iso3 = p.member_state_id
JOIN members_whoregion w ON w.code = m.who_region_id
WHERE p.status = 'approved'
GROUP BY m.who_region_id, w.name_en ORDER BY w.name_en
"""


def _member_states():
    """The API list's first page as its declaration (`MemberStateSerializer`) reads it."""
    # Imported here: bench/run.py reads the endpoints without Django set up.
    from gidh_portal import listing
    from members.api.serializers import MemberStateSerializer
    from members.models import MemberState

    return listing.sql_of(
        listing.rows(MemberState.objects.order_by("name_en"), MemberStateSerializer)[:50]
    )


ENDPOINTS = [
    Endpoint("home", "/", 5, floor.HOME),
    Endpoint(
        "country-list",
        "/countries/",
        5,
        "SELECT m.iso3, m.iso2, m.name_en, m.name_fr, m.who_region_id, w.name_en AS region_name, "
        "m.income_group FROM members_memberstate m "
        "JOIN members_whoregion w ON w.code = m.who_region_id ORDER BY m.name_en",
    ),
    Endpoint(
        "country-page",
        "/countries/KEN/",
        5,
        lambda: (floor.COUNTRY_PAGE, {"iso3": "KEN"}),
    ),
    Endpoint(
        "catalogue-search",
        "/resources/?q=health&kind=guideline",
        5,
        _RESOURCE_PAGE.format(
            where="AND r.kind = 'guideline' AND r.search_vector @@ "
            "websearch_to_tsquery('english', 'health')",
            order="r.publication_year DESC, r.id",
            limit=20,
        ),
    ),
    Endpoint(
        "resource-detail",
        "/resources/{resource}/",
        5,
        lambda: (floor.RESOURCE_PAGE, {"slug": "bulk-1"}),
    ),
    Endpoint(
        "plan-page",
        "/investments/plans/{plan}/",
        5,
        _plan_page,
    ),
    Endpoint(
        "api-member-states",
        "/api/v1/member-states/",
        3,
        _member_states,
        "api",
    ),
    Endpoint(
        "api-resources",
        "/api/v1/resources/?search=immunization&facets=true",
        3,
        _api_resources_floor,
        "api",
    ),
    Endpoint("api-investment-plans", "/api/v1/investment-plans/", 3, _plans, "api"),
    Endpoint("api-commitments", "/api/v1/commitments/", 3, _commitments, "api"),
    Endpoint("api-funding-gaps", "/api/v1/funding-gaps/", 3, _FUNDING_GAPS, "api"),
]
