"""The endpoints `make bench` drives, each with the raw SQL of its floor (bench/floor.py).

`path` may hold `{plan}` or `{resource}`: bench/run.py fills them from the database (Kenya's
demo plan, the first bulk resource), so the portal and its floor read the same rows.
The floor of a page or list is the same rows as one raw query returns them (a page of 50 with
their related data as JSON arrays), serialised with orjson: what the hardware does for that data
without Django. Facet counts and totals are the portal's extra work, so they are not in the floor.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    target_ratio: int  # the acceptance: API lists within 3× of the floor's p95, pages within 5×
    floor_sql: str
    kind: str = "page"  # "page" or "api"


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

_COMMITMENTS = """
SELECT c.id, c.kind, c.currency, c.year, c.status, c.pledged_amount, c.committed_amount,
       c.disbursed_amount, c.verified_at, p.id AS plan, p.member_state_id AS member_state,
       o.name AS organization, c.priority_id AS priority
FROM investments_commitment c
JOIN investments_investmentplan p ON p.id = c.plan_id
LEFT JOIN members_organization o ON o.id = c.organization_id
WHERE c.verified_at IS NOT NULL AND p.status = 'approved'
ORDER BY c.id DESC LIMIT 50
"""

_PLANS = """
SELECT p.id, p.title, p.member_state_id AS member_state, p.start_year, p.end_year, p.currency,
       p.status, p.updated_at
FROM investments_investmentplan p JOIN members_memberstate m ON m.iso3 = p.member_state_id
WHERE p.status = 'approved' ORDER BY m.name_en, p.start_year DESC, p.id LIMIT 50
"""

_FUNDING_GAPS = """
SELECT p.member_state_id AS member_state, count(DISTINCT p.id) AS plans,
       sum(c.amount) AS cost
FROM investments_investmentplan p
JOIN investments_priority r ON r.plan_id = p.id
JOIN investments_prioritycost c ON c.priority_id = r.id
WHERE p.status = 'approved' AND p.member_state_id IN ('KEN', 'FRA', 'IND', 'BRA', 'NGA')
GROUP BY p.member_state_id
"""

ENDPOINTS = [
    Endpoint(
        "home",
        "/",
        5,
        "SELECT iso3, name_en, who_region_id, income_group FROM members_memberstate "
        "ORDER BY name_en",
    ),
    Endpoint(
        "country-list",
        "/countries/",
        5,
        "SELECT iso3, iso2, name_en, name_fr, who_region_id, income_group "
        "FROM members_memberstate ORDER BY name_en",
    ),
    Endpoint(
        "country-page",
        "/countries/KEN/",
        5,
        """
        SELECT s.id, s.cycle_id, s.strategy_status, s.strategy_title, s.updated_at,
               ARRAY(SELECT json_build_object('indicator', a.indicator_id, 'phase', a.phase)
                     FROM members_indicatoranswer a WHERE a.submission_id = s.id) AS answers
        FROM members_profilesubmission s
        WHERE s.member_state_id = 'KEN' AND s.status = 'approved'
        ORDER BY s.cycle_id DESC LIMIT 1
        """,
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
        _RESOURCE_PAGE.format(where="AND r.slug = 'bulk-1'", order="r.id", limit=1).replace(
            "r.summary,", "r.summary, r.body,"
        ),
    ),
    Endpoint(
        "plan-page",
        "/investments/plans/{plan}/",
        5,
        """
        SELECT r.id, r.rank, r.title, r.component_id,
               ARRAY(SELECT json_build_object('year', c.year, 'amount', c.amount)
                     FROM investments_prioritycost c WHERE c.priority_id = r.id) AS costs
        FROM investments_priority r WHERE r.plan_id = {plan} ORDER BY r.rank
        """,
    ),
    Endpoint(
        "api-member-states",
        "/api/v1/member-states/",
        3,
        "SELECT iso3, iso2, m49, name_en, name_fr, who_region_id AS who_region, income_group "
        "FROM members_memberstate ORDER BY name_en LIMIT 50",
        "api",
    ),
    Endpoint(
        "api-resources",
        "/api/v1/resources/?search=immunization&facets=true",
        3,
        _RESOURCE_PAGE.format(
            where="AND r.search_vector @@ websearch_to_tsquery('english', 'immunization')",
            order="r.publication_year DESC, r.id",
            limit=50,
        ),
        "api",
    ),
    Endpoint("api-investment-plans", "/api/v1/investment-plans/", 3, _PLANS, "api"),
    Endpoint("api-commitments", "/api/v1/commitments/", 3, _COMMITMENTS, "api"),
    Endpoint("api-funding-gaps", "/api/v1/funding-gaps/", 3, _FUNDING_GAPS, "api"),
]
