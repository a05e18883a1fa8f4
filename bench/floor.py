"""The floor: a bare WSGI app that answers each request of the benchmark's traffic
(bench/traffic.py) with one raw psycopg2 query of the rows its page shows, serialised by orjson
(`gunicorn bench.floor:application`). `GET /<floor query>?<its parameters>`.

The floor of a page or list is the data it shows (the same rows and fields: a page's sections,
a list's page with the values of its items, money converted as the portal stores it) as one
raw query returns them: what the hardware does for that data without Django. Counts and totals
(of a list, of facets) are the portal's extra work, so they are not in the floor; nor is
ranking: the searches' floors read their matches newest first, and a word matching nothing
reads nothing (the portal then looks for similar titles). Deep pages read by keyset:
`WHERE (ordering columns) < (the cursor's row) ORDER BY … LIMIT 50`.
"""

import os
from urllib.parse import parse_qsl

import orjson
import psycopg2
import psycopg2.extras

# The search configurations the portal ORs a search's words in (resources/search.py).
CONFIGURATIONS = ["gidh_arabic", "gidh_dutch", "gidh_english", "gidh_french", "gidh_german",
                  "gidh_indonesian", "gidh_italian", "gidh_portuguese", "gidh_russian",
                  "gidh_simple", "gidh_spanish", "gidh_turkish"]  # fmt: skip

HOME = """
SELECT m.iso3, m.m49, m.name_en, m.who_region_id AS who_region, w.name_en AS region_name,
       m.income_group, s.strategy_status
FROM members_memberstate m
JOIN members_whoregion w ON w.code = m.who_region_id
LEFT JOIN LATERAL (
    SELECT s.strategy_status FROM members_profilesubmission s
    JOIN members_reportingcycle y ON y.id = s.cycle_id
    WHERE s.member_state_id = m.iso3 AND s.status = 'approved'
    ORDER BY y.year DESC LIMIT 1
) s ON TRUE
ORDER BY m.name_en
"""

COUNTRY_PAGE = """
SELECT m.iso3, m.iso2, m.m49, m.name_en, m.income_group, w.code AS who_region,
       w.name_en AS region_name,
       (SELECT json_build_object(
                   'submission', row_to_json(s), 'cycle', y.year,
                   'answers', (SELECT json_agg(json_build_object(
                                   'indicator', a.indicator_id, 'name', i.name,
                                   'component', i.component_id, 'phase', a.phase,
                                   'evidence_note', a.evidence_note, 'source_url', a.source_url,
                                   'verification_status', a.verification_status)
                                   ORDER BY i.sort_order)
                               FROM members_indicatoranswer a
                               JOIN members_gdhmindicator i ON i.code = a.indicator_id
                               WHERE a.submission_id = s.id))
        FROM members_profilesubmission s JOIN members_reportingcycle y ON y.id = s.cycle_id
        WHERE s.member_state_id = m.iso3 AND s.status = 'approved'
        ORDER BY y.year DESC LIMIT 1) AS profile,
       (SELECT json_build_object(
                   'id', p.id, 'title', p.title, 'start_year', p.start_year,
                   'end_year', p.end_year, 'currency', p.currency, 'cost', f.cost,
                   'committed', f.committed, 'disbursed', f.disbursed, 'cost_usd', f.cost_usd,
                   'committed_usd', f.committed_usd, 'disbursed_usd', f.disbursed_usd)
        FROM investments_investmentplan p
        LEFT JOIN investments_planfigures f ON f.plan_id = p.id
        WHERE p.member_state_id = m.iso3 AND p.status = 'approved'
        ORDER BY p.end_year DESC, p.start_year DESC, p.id DESC LIMIT 1) AS plan,
       ARRAY(SELECT json_build_object(
                 'slug', r.slug, 'title', r.title, 'kind', r.kind,
                 'publication_year', r.publication_year, 'publisher', o.name,
                 'acronym', o.acronym)
             FROM resources_resource r
             JOIN resources_resource_member_states rm ON rm.resource_id = r.id
             JOIN members_organization o ON o.id = r.publisher_id
             WHERE rm.memberstate_id = m.iso3 AND r.status = 'approved'
             ORDER BY r.publication_year DESC, r.title LIMIT 10) AS resources
FROM members_memberstate m JOIN members_whoregion w ON w.code = m.who_region_id
WHERE m.iso3 = %(iso3)s
"""

RESOURCE_PAGE = """
SELECT r.slug, r.kind, r.title, r.summary, r.body, r.description_language,
       r.publication_year, r.link, r.file, r.licence, r.quality_assured,
       r.quality_assured_on, r.updated_at,
       json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym,
                         'website', o.website) AS publisher,
       ARRAY(SELECT l.code FROM resources_resourcelanguage l
             WHERE l.resource_id = r.id ORDER BY l.code) AS languages,
       ARRAY(SELECT json_build_object('code', i.code, 'label', i.label)
             FROM resources_resource_interventions ri
             JOIN resources_digitalhealthintervention i ON i.id = ri.digitalhealthintervention_id
             WHERE ri.resource_id = r.id ORDER BY i.version, i.sort_key, i.id) AS topics,
       ARRAY(SELECT json_build_object('group', h."group", 'label', h.label)
             FROM resources_resource_challenges rc
             JOIN resources_healthsystemchallenge h ON h.id = rc.healthsystemchallenge_id
             WHERE rc.resource_id = r.id ORDER BY h.id) AS challenges,
       ARRAY(SELECT g.name_en FROM resources_resource_gdhm_components rg
             JOIN members_gdhmcomponent g ON g.number = rg.gdhmcomponent_id
             WHERE rg.resource_id = r.id ORDER BY g.number) AS gdhm_components,
       ARRAY(SELECT ms.name_en FROM resources_resource_member_states rm
             JOIN members_memberstate ms ON ms.iso3 = rm.memberstate_id
             WHERE rm.resource_id = r.id ORDER BY ms.name_en) AS member_states,
       ARRAY(SELECT w.name_en FROM resources_resource_who_regions rw
             JOIN members_whoregion w ON w.code = rw.whoregion_id
             WHERE rw.resource_id = r.id ORDER BY w.code) AS who_regions,
       ARRAY(SELECT json_build_object('slug', x.slug, 'title', x.title, 'kind', x.kind,
                                      'publication_year', x.publication_year,
                                      'publisher', xo.name)
             FROM resources_resource x JOIN members_organization xo ON xo.id = x.publisher_id
             WHERE x.status = 'approved' AND x.id <> r.id AND x.facet_topics @> r.facet_topics
             ORDER BY x.publication_year DESC NULLS LAST, x.title, x.id LIMIT 5) AS related
FROM resources_resource r JOIN members_organization o ON o.id = r.publisher_id
WHERE r.status = 'approved' AND r.slug = %(slug)s
"""

PLAN_PAGE = """
SELECT p.id, p.title, p.summary, p.start_year, p.end_year, p.currency, p.strategy_url,
       p.status, p.updated_at, m.name_en AS member_state, w.name_en AS region_name,
       row_to_json(f) AS figures,
       ARRAY(SELECT json_build_object(
                 'id', r.id, 'rank', r.rank, 'title', r.title,
                 'implementing_agency', r.implementing_agency, 'description', r.description,
                 'component', g.name_en, 'figures', row_to_json(rf),
                 'interventions', ARRAY(
                     SELECT json_build_array(i.code, i.label)
                     FROM investments_priority_interventions ri
                     JOIN resources_digitalhealthintervention i
                       ON i.id = ri.digitalhealthintervention_id
                     WHERE ri.priority_id = r.id ORDER BY i.version, i.sort_key, i.id),
                 'costs', ARRAY(
                     SELECT json_build_array(c.year, c.amount, x.rate IS NULL,
                                             CASE WHEN x.rate_provisional THEN x.rate_year END)
                     FROM investments_prioritycost c
                     LEFT JOIN investments_prioritycostconversion x ON x.cost_id = c.id
                     WHERE c.priority_id = r.id ORDER BY c.year))
             FROM investments_priority r
             JOIN members_gdhmcomponent g ON g.number = r.component_id
             LEFT JOIN investments_priorityfigures rf ON rf.priority_id = r.id
             WHERE r.plan_id = p.id ORDER BY r.rank) AS priorities,
       ARRAY(SELECT json_build_object(
                 'id', c.id, 'organization', o.name, 'acronym', o.acronym,
                 'priority', r.title, 'kind', c.kind, 'in_kind_type', c.in_kind_type,
                 'status', c.status, 'pledged', c.pledged_amount,
                 'committed', c.committed_amount, 'disbursed', c.disbursed_amount,
                 'currency', c.currency, 'year', c.year, 'rate', x.rate,
                 'committed_usd', x.committed_usd, 'rate_year', x.rate_year,
                 'rate_provisional', x.rate_provisional)
             FROM investments_commitment c
             LEFT JOIN members_organization o ON o.id = c.organization_id
             LEFT JOIN investments_priority r ON r.id = c.priority_id
             LEFT JOIN investments_commitmentconversion x ON x.commitment_id = c.id
             WHERE c.plan_id = p.id AND c.verified_at IS NOT NULL
             ORDER BY c.pledged_on DESC, c.id DESC) AS commitments
FROM investments_investmentplan p
JOIN members_memberstate m ON m.iso3 = p.member_state_id
JOIN members_whoregion w ON w.code = m.who_region_id
LEFT JOIN investments_planfigures f ON f.plan_id = p.id
WHERE p.id = %(plan)s::bigint
"""

RESOURCE_COLUMNS = """
       r.slug, r.kind, r.title, r.summary, r.description_language, r.publication_year,
       r.link, r.licence, r.quality_assured, r.updated_at,
       json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym) AS publisher,
       ARRAY(SELECT code FROM resources_resourcelanguage l WHERE l.resource_id = r.id) AS languages,
       ARRAY(SELECT memberstate_id FROM resources_resource_member_states m
             WHERE m.resource_id = r.id) AS member_states,
       ARRAY(SELECT gdhmcomponent_id FROM resources_resource_gdhm_components g
             WHERE g.resource_id = r.id) AS gdhm_components
"""

# A list's parameters come as text; an empty one filters nothing (NULLIF(…, '') IS NULL).
RESOURCE_LIST = f"""
SELECT {RESOURCE_COLUMNS}
FROM resources_resource r LEFT JOIN members_organization o ON o.id = r.publisher_id
WHERE r.status = 'approved'
  AND (%(word)s = '' OR r.search_vector @@ (
      SELECT string_agg('(' || q || ')', ' | ')::tsquery
      FROM (SELECT DISTINCT websearch_to_tsquery(c::regconfig, %(word)s)::text AS q
            FROM unnest(%(configurations)s::text[]) AS c) AS parts
      WHERE q <> ''))
  AND (%(kind)s = '' OR r.kind = %(kind)s)
  AND (%(region)s = '' OR r.id IN (SELECT resource_id FROM resources_resource_who_regions
                                   WHERE whoregion_id = %(region)s))
  AND (%(country)s = '' OR r.id IN (SELECT resource_id FROM resources_resource_member_states
                                    WHERE memberstate_id = %(country)s))
ORDER BY COALESCE(r.publication_year, 32767) DESC, r.id DESC
LIMIT %(limit)s::int OFFSET %(offset)s::int
"""

RESOURCES_AFTER = f"""
SELECT {RESOURCE_COLUMNS}
FROM resources_resource r LEFT JOIN members_organization o ON o.id = r.publisher_id
WHERE r.status = 'approved'
  AND COALESCE(r.publication_year, 32767) <= %(year)s::int
  AND (COALESCE(r.publication_year, 32767) < %(year)s::int
       OR (COALESCE(r.publication_year, 32767) = %(year)s::int AND r.id < %(id)s::bigint))
ORDER BY COALESCE(r.publication_year, 32767) DESC, r.id DESC
LIMIT 50
"""

COMMITMENT_COLUMNS = """
SELECT c.id, c.kind, c.in_kind_type, c.status, c.description, c.currency, c.year,
       c.pledged_amount, c.pledged_on, c.committed_amount, c.committed_on, c.disbursed_amount,
       c.disbursed_on, c.verified_at, c.updated_at,
       json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym) AS organization,
       p.id AS plan, p.title AS plan_title, m.iso3 AS member_state, m.name_en AS member_state_name,
       r.id AS priority, r.title AS priority_title,
       x.rate, x.rate_year, x.rate_provisional, x.pledged_usd, x.committed_usd, x.disbursed_usd
FROM investments_commitment c
JOIN investments_investmentplan p ON p.id = c.plan_id
JOIN members_memberstate m ON m.iso3 = p.member_state_id
LEFT JOIN members_organization o ON o.id = c.organization_id
LEFT JOIN investments_priority r ON r.id = c.priority_id
LEFT JOIN investments_commitmentconversion x ON x.commitment_id = c.id
"""

# An organization's members also see its unverified commitments.
COMMITMENT_LIST = f"""{COMMITMENT_COLUMNS}
WHERE ((c.verified_at IS NOT NULL AND p.status = 'approved')
       OR c.organization_id = NULLIF(%(organization)s, '')::bigint)
  AND (%(organization)s = '' OR c.organization_id = NULLIF(%(organization)s, '')::bigint)
  AND (%(member_state)s = '' OR p.member_state_id = %(member_state)s)
  AND (%(status)s = '' OR c.status = %(status)s)
  AND (%(kind)s = '' OR c.kind = %(kind)s)
ORDER BY c.pledged_on DESC, c.id DESC
LIMIT %(limit)s::int OFFSET %(offset)s::int
"""

COMMITMENTS_AFTER = f"""{COMMITMENT_COLUMNS}
WHERE c.verified_at IS NOT NULL AND p.status = 'approved'
  AND c.pledged_on <= %(pledged_on)s::date
  AND (c.pledged_on < %(pledged_on)s::date
       OR (c.pledged_on = %(pledged_on)s::date AND c.id < %(id)s::bigint))
ORDER BY c.pledged_on DESC, c.id DESC
LIMIT 50
"""

COMMITMENT = f"{COMMITMENT_COLUMNS} WHERE c.id = %(id)s::bigint"

FIGURES = """
sum(f.cost_usd) AS cost_usd, sum(f.committed_usd) AS committed_usd,
sum(f.disbursed_usd) AS disbursed_usd, sum(f.cost_rates_missing) AS cost_rates_missing,
sum(f.commitment_usd_rates_missing) AS commitment_rates_missing,
sum(f.cost_rates_provisional) AS cost_rates_provisional,
sum(f.commitment_usd_rates_provisional) AS commitment_rates_provisional
"""

# Each grouping of the funding gaps: the stored figures of the approved plans (or of their
# priorities, by component), summed per group.
FUNDING_GAPS = {
    "region": f"""
SELECT m.who_region_id AS "group", w.name_en AS label, {FIGURES}
FROM investments_planfigures f
JOIN investments_investmentplan p ON p.id = f.plan_id
JOIN members_memberstate m ON m.iso3 = p.member_state_id
JOIN members_whoregion w ON w.code = m.who_region_id
WHERE p.status = 'approved' GROUP BY 1, 2 ORDER BY 2""",
    "member_state": f"""
SELECT m.iso3 AS "group", m.name_en AS label, {FIGURES}
FROM investments_planfigures f
JOIN investments_investmentplan p ON p.id = f.plan_id
JOIN members_memberstate m ON m.iso3 = p.member_state_id
WHERE p.status = 'approved' GROUP BY 1, 2 ORDER BY 2""",
    "component": f"""
SELECT g.number AS "group", g.name_en AS label, {FIGURES}
FROM investments_priorityfigures f
JOIN investments_priority r ON r.id = f.priority_id
JOIN investments_investmentplan p ON p.id = f.plan_id
JOIN members_gdhmcomponent g ON g.number = r.component_id
WHERE p.status = 'approved' GROUP BY 1, 2 ORDER BY 2""",
    "global": f"""
SELECT NULL AS "group", 'All member states' AS label, {FIGURES}
FROM investments_planfigures f
JOIN investments_investmentplan p ON p.id = f.plan_id
WHERE p.status = 'approved'""",
}

PROFILE = """
SELECT s.*, y.year,
       (SELECT json_agg(json_build_object(
                   'indicator', a.indicator_id, 'name', i.name, 'component', i.component_id,
                   'phase', a.phase, 'evidence_note', a.evidence_note,
                   'source_url', a.source_url, 'verification_status', a.verification_status)
                   ORDER BY i.sort_order)
        FROM members_indicatoranswer a JOIN members_gdhmindicator i ON i.code = a.indicator_id
        WHERE a.submission_id = s.id) AS answers
FROM members_profilesubmission s JOIN members_reportingcycle y ON y.id = s.cycle_id
"""

MY_COUNTRY = f"{PROFILE} WHERE s.member_state_id = %(iso3)s ORDER BY y.year DESC"

MEMBER_STATES = """
SELECT m.iso3, m.iso2, m.m49, m.name_en, m.name_fr, m.who_region_id AS who_region,
       w.name_en AS region_name, m.income_group
FROM members_memberstate m JOIN members_whoregion w ON w.code = m.who_region_id
"""

PLAN_LIST = """
SELECT p.id, p.title, p.member_state_id AS member_state, m.name_en AS member_state_name,
       p.start_year, p.end_year, p.currency, p.status, p.updated_at, row_to_json(f) AS figures
FROM investments_investmentplan p
JOIN members_memberstate m ON m.iso3 = p.member_state_id
LEFT JOIN investments_planfigures f ON f.plan_id = p.id
WHERE p.status = 'approved'
  AND (%(member_state)s = '' OR p.member_state_id = %(member_state)s)
  AND (%(search)s = '' OR p.title ILIKE '%%' || %(search)s || '%%'
       OR m.name_en ILIKE '%%' || %(search)s || '%%' OR m.name_fr ILIKE '%%' || %(search)s || '%%')
  AND (%(region)s = '' OR m.who_region_id = %(region)s)
  AND (%(year)s = '' OR (p.start_year <= NULLIF(%(year)s, '')::int
                         AND p.end_year >= NULLIF(%(year)s, '')::int))
ORDER BY m.name_en, p.start_year DESC, p.id
LIMIT 50
"""

# The public list of open offers (/offers/): a page of 20 with the values of its items, the
# relations as arrays; a place filter also takes the offers for the member state's region and
# those for anywhere (no region, no member state), as the portal does.
OFFER_LIST = """
SELECT o.id, o.title, o.description, o.kind, o.organization_id, g.name AS organization_name,
       o.first_year, o.last_year, o.capacity_amount, o.currency, o.capacity_usd,
       o.contact_name, o.contact_email, o.status, o.version, o.created_at, o.updated_at,
       ARRAY(SELECT d.code FROM investments_offer_interventions i
             JOIN resources_digitalhealthintervention d ON d.id = i.digitalhealthintervention_id
             WHERE i.offer_id = o.id ORDER BY d.sort_key) AS interventions,
       ARRAY(SELECT c.gdhmcomponent_id FROM investments_offer_components c
             WHERE c.offer_id = o.id ORDER BY 1) AS components,
       ARRAY(SELECT r.whoregion_id FROM investments_offer_who_regions r
             WHERE r.offer_id = o.id ORDER BY 1) AS who_regions,
       ARRAY(SELECT m.memberstate_id FROM investments_offer_member_states m
             WHERE m.offer_id = o.id ORDER BY 1) AS member_states
FROM investments_offer o JOIN members_organization g ON g.id = o.organization_id
WHERE o.status = 'open'
  AND (%(kind)s = '' OR o.kind = %(kind)s)
  AND (%(word)s = '' OR o.title ILIKE '%%' || %(word)s || '%%'
       OR o.description ILIKE '%%' || %(word)s || '%%')
  AND (%(year)s = '' OR (o.first_year <= NULLIF(%(year)s, '')::int
                         AND o.last_year >= NULLIF(%(year)s, '')::int))
  AND (%(component)s = '' OR o.id IN (
       SELECT c.offer_id FROM investments_offer_components c
       WHERE c.gdhmcomponent_id = NULLIF(%(component)s, '')::int))
  AND (%(region)s = ''
       OR o.id IN (SELECT r.offer_id FROM investments_offer_who_regions r
                   WHERE r.whoregion_id = %(region)s)
       OR o.id IN (SELECT m.offer_id FROM investments_offer_member_states m
                   JOIN members_memberstate s ON s.iso3 = m.memberstate_id
                   WHERE s.who_region_id = %(region)s)
       OR (o.id NOT IN (SELECT r.offer_id FROM investments_offer_who_regions r)
           AND o.id NOT IN (SELECT m.offer_id FROM investments_offer_member_states m)))
  AND (%(member_state)s = ''
       OR o.id IN (SELECT m.offer_id FROM investments_offer_member_states m
                   WHERE m.memberstate_id = %(member_state)s)
       OR o.id IN (SELECT r.offer_id FROM investments_offer_who_regions r
                   JOIN members_memberstate s ON s.who_region_id = r.whoregion_id
                   WHERE s.iso3 = %(member_state)s)
       OR (o.id NOT IN (SELECT r.offer_id FROM investments_offer_who_regions r)
           AND o.id NOT IN (SELECT m.offer_id FROM investments_offer_member_states m)))
ORDER BY o.updated_at DESC, o.id DESC
LIMIT 20 OFFSET %(offset)s::int
"""

# A member state's year on year (/api/v1/member-states/<iso3>/progress/): each published cycle's
# component scores (the average phase of its scored answers: top-level indicators at phase 1–5)
# and overall score (their mean), the previous published cycle's score beside each, and the
# cycle's world, region and income group averages the database stores.
PROGRESS = """
WITH scores AS (
    SELECT y.year, i.component_id AS component, g.name_en, avg(a.phase)::float AS score
    FROM members_indicatoranswer a
    JOIN members_profilesubmission s ON s.id = a.submission_id
    JOIN members_reportingcycle y ON y.id = s.cycle_id
    JOIN members_gdhmindicator i ON i.code = a.indicator_id
    JOIN members_gdhmcomponent g ON g.number = i.component_id
    WHERE s.member_state_id = %(iso3)s AND s.status = 'approved'
      AND i.parent_id IS NULL AND a.phase >= 1
    GROUP BY 1, 2, 3
), rows AS (
    SELECT year, component, name_en, score FROM scores
    UNION ALL SELECT year, 0, 'Overall', avg(score) FROM scores GROUP BY year
), years AS (
    SELECT year, lag(year) OVER (ORDER BY year) AS previous_year
    FROM (SELECT DISTINCT year FROM scores) AS y
)
SELECT r.year, r.component, r.name_en, r.score, c.previous_year, p.score AS previous_score,
       max(v.average) FILTER (WHERE v.scope = 'world') AS world,
       max(v.average) FILTER (WHERE v.scope = 'region') AS region,
       max(v.average) FILTER (WHERE v.scope = 'income_group') AS income_group
FROM rows r
JOIN years c ON c.year = r.year
LEFT JOIN rows p ON p.year = c.previous_year AND p.component = r.component
JOIN members_memberstate m ON m.iso3 = %(iso3)s
LEFT JOIN members_cyclescoreaverage v
  ON v.year = r.year AND v.component = r.component
 AND (v.scope = 'world' OR (v.scope = 'region' AND v.key = m.who_region_id)
      OR (v.scope = 'income_group' AND v.key = m.income_group))
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY r.year, r.component
"""

# A member state's published profile (its approved submission of the latest cycle).
PUBLISHED = """
SELECT s.id, s.member_state_id, y.year
FROM members_profilesubmission s JOIN members_reportingcycle y ON y.id = s.cycle_id
WHERE s.status = 'approved' AND NOT EXISTS (
    SELECT 1 FROM members_profilesubmission l JOIN members_reportingcycle ly ON ly.id = l.cycle_id
    WHERE l.member_state_id = s.member_state_id AND l.status = 'approved' AND ly.year > y.year)
"""

# Peers to learn from (/api/v1/member-states/<iso3>/peers/, /countries/<iso3>/peers/): each
# indicator where the member state's published profile is at phase 1–3 (or the one asked for),
# and the first ten peers (every peer of one indicator) whose published profile is at phase
# 4–5 on it, nearest first (region, income group, world), with its evidence; the page adds the
# peer exchanges (accepted ones for an anonymous visitor).
PEERS = f"""
WITH published AS ({PUBLISHED}),
me AS (SELECT iso3, who_region_id, income_group FROM members_memberstate WHERE iso3 = %(iso3)s)
SELECT a.indicator_id AS indicator, i.name AS indicator_name, i.component_id AS component,
       a.phase,
       ARRAY(SELECT json_build_object(
                 'iso3', m.iso3, 'name_en', m.name_en, 'name_fr', m.name_fr,
                 'who_region', m.who_region_id, 'income_group', m.income_group,
                 'nearness', n.nearness, 'phase', x.phase, 'cycle_year', q.year,
                 'evidence_note', x.evidence_note, 'source_url', x.source_url,
                 'evidence_document', x.evidence_document,
                 'verification_status', x.verification_status)
             FROM members_indicatoranswer x
             JOIN published q ON q.id = x.submission_id
             JOIN members_memberstate m ON m.iso3 = q.member_state_id
             CROSS JOIN LATERAL (SELECT CASE
                 WHEN m.who_region_id = me.who_region_id THEN 0
                 WHEN me.income_group <> '' AND m.income_group = me.income_group THEN 1
                 ELSE 2 END AS nearness) AS n
             WHERE x.indicator_id = a.indicator_id AND x.phase >= 4 AND m.iso3 <> me.iso3
             ORDER BY n.nearness, x.phase DESC, m.name_en
             LIMIT CASE WHEN %(indicator)s = '' THEN 10 END) AS peers,
       CASE WHEN %(exchanges)s = '' THEN NULL ELSE ARRAY(
           SELECT json_build_object('id', e.id, 'status', e.status, 'topic', e.topic,
                                    'from', e.from_member_state_id, 'to', e.to_member_state_id)
           FROM members_peerexchangerequest e
           WHERE e.status = 'accepted'
             AND me.iso3 IN (e.from_member_state_id, e.to_member_state_id)
           ORDER BY e.created_at DESC LIMIT 50) END AS exchanges
FROM members_indicatoranswer a
JOIN published p ON p.id = a.submission_id
JOIN members_gdhmindicator i ON i.code = a.indicator_id
CROSS JOIN me
WHERE p.member_state_id = me.iso3 AND a.phase IN (1, 2, 3)
  AND (%(indicator)s = '' OR a.indicator_id = %(indicator)s)
ORDER BY i.sort_order, a.indicator_id
"""

# The scorecard (/countries/<iso3>/scorecard/[?cycle=YYYY]): the approved profile of the cycle
# (the latest by default) with its answers, the years of the published cycles, the cycle's
# averages (world, region, income group), the component scores of the cycle and of the previous
# published one (the changes), the published plan in force that year with its stored figures
# and its five largest unfunded priorities.
SCORECARD = """
WITH m AS (
    SELECT m.*, w.name_en AS region_name FROM members_memberstate m
    JOIN members_whoregion w ON w.code = m.who_region_id WHERE m.iso3 = %(iso3)s
), cycles AS (
    SELECT s.id, y.year FROM members_profilesubmission s
    JOIN members_reportingcycle y ON y.id = s.cycle_id
    WHERE s.member_state_id = %(iso3)s AND s.status = 'approved'
), chosen AS (
    SELECT id, year, (SELECT max(year) FROM cycles p WHERE p.year < c.year) AS previous_year
    FROM cycles c WHERE %(cycle)s = '' OR c.year = NULLIF(%(cycle)s, '')::int
    ORDER BY year DESC LIMIT 1
)
SELECT m.iso3, m.name_en, m.region_name, m.income_group, chosen.year, chosen.previous_year,
       ARRAY(SELECT year FROM cycles ORDER BY year DESC) AS cycle_years,
       (SELECT row_to_json(s) FROM members_profilesubmission s WHERE s.id = chosen.id)
           AS submission,
       ARRAY(SELECT json_build_object('indicator', a.indicator_id, 'component', i.component_id,
                                      'parent', i.parent_id, 'phase', a.phase)
             FROM members_indicatoranswer a JOIN members_gdhmindicator i ON i.code = a.indicator_id
             WHERE a.submission_id = chosen.id ORDER BY i.sort_order) AS answers,
       ARRAY(SELECT json_build_array(y.year, i.component_id, avg(a.phase)::float)
             FROM members_indicatoranswer a
             JOIN cycles y ON y.id = a.submission_id
             JOIN members_gdhmindicator i ON i.code = a.indicator_id
             WHERE y.year IN (chosen.year, chosen.previous_year)
               AND i.parent_id IS NULL AND a.phase >= 1
             GROUP BY y.year, i.component_id) AS scores,
       ARRAY(SELECT json_build_array(v.scope, v.component, v.average)
             FROM members_cyclescoreaverage v
             WHERE v.year = chosen.year
               AND (v.scope = 'world' OR (v.scope = 'region' AND v.key = m.who_region_id)
                    OR (v.scope = 'income_group' AND v.key = m.income_group))) AS averages,
       (SELECT json_build_object(
                   'id', p.id, 'title', p.title, 'start_year', p.start_year,
                   'end_year', p.end_year, 'currency', p.currency, 'figures', row_to_json(f),
                   'unfunded', ARRAY(
                       SELECT json_build_object('rank', r.rank, 'title', r.title,
                                                'component', g.name_en, 'cost', rf.cost,
                                                'committed', rf.committed,
                                                'gap', rf.cost - rf.committed)
                       FROM investments_priority r
                       JOIN investments_priorityfigures rf ON rf.priority_id = r.id
                       JOIN members_gdhmcomponent g ON g.number = r.component_id
                       WHERE r.plan_id = p.id AND rf.cost - rf.committed > 0
                       ORDER BY rf.cost - rf.committed DESC, r.rank LIMIT 5))
        FROM investments_investmentplan p
        LEFT JOIN investments_planfigures f ON f.plan_id = p.id
        WHERE p.member_state_id = m.iso3 AND p.status = 'approved'
          AND p.start_year <= chosen.year AND p.end_year >= chosen.year
        ORDER BY p.start_year DESC, p.end_year DESC, p.id DESC LIMIT 1) AS plan
FROM m JOIN chosen ON TRUE
"""

# The global dataset's files (/data/ and /api/v1/datasets/ with its filters), the latest
# edition first, then the frozen ones, newest cycle first (the API's page of 50; the page lists
# them all). The data dictionary beside them is declared in code: it reads no row.
DATASET_FILES = """
SELECT cycle_year, dataset, file_format, file, size, rows, sha256, generated_at
FROM investments_datasetfile
WHERE (%(edition)s = '' OR (%(edition)s = 'latest' AND cycle_year IS NULL)
       OR cycle_year::text = %(edition)s)
  AND (%(dataset)s = '' OR dataset = %(dataset)s)
  AND (%(file_format)s = '' OR file_format = %(file_format)s)
ORDER BY cycle_year DESC NULLS FIRST, dataset, file_format
LIMIT %(limit)s::int
"""

# Each floor query with its parameters' defaults (a request names those it sets).
QUERIES = {
    "resource-list": (
        RESOURCE_LIST,
        {"word": "", "kind": "", "region": "", "country": "", "limit": "20", "offset": "0"},
    ),
    "resources-after": (RESOURCES_AFTER, {}),
    "resource-page": (RESOURCE_PAGE, {}),
    "commitment-list": (
        COMMITMENT_LIST,
        {
            "organization": "",
            "member_state": "",
            "status": "",
            "kind": "",
            "limit": "50",
            "offset": "0",
        },
    ),
    "commitments-after": (COMMITMENTS_AFTER, {}),
    "commitment": (COMMITMENT, {}),
    "country-page": (COUNTRY_PAGE, {}),
    "member-state": (f"{MEMBER_STATES} WHERE m.iso3 = %(iso3)s", {}),
    "member-states": (
        f"""{MEMBER_STATES}
WHERE (%(search)s = '' OR m.name_en ILIKE '%%' || %(search)s || '%%'
       OR m.name_fr ILIKE '%%' || %(search)s || '%%' OR m.iso3 = upper(%(search)s))
  AND (%(region)s = '' OR m.who_region_id = %(region)s)
  AND (%(income_group)s = '' OR m.income_group = %(income_group)s)
ORDER BY m.name_en LIMIT 50""",
        {"search": "", "region": "", "income_group": ""},
    ),
    "country-list": (
        f"{MEMBER_STATES} WHERE %(region)s = '' OR m.who_region_id = %(region)s ORDER BY m.name_en",
        {"region": ""},
    ),
    "plan-page": (PLAN_PAGE, {}),
    "plan-list": (PLAN_LIST, {"member_state": "", "search": "", "region": "", "year": ""}),
    "offer-list": (
        OFFER_LIST,
        {
            "kind": "",
            "word": "",
            "year": "",
            "component": "",
            "region": "",
            "member_state": "",
            "offset": "0",
        },
    ),
    "profile": (f"{PROFILE} WHERE s.id = %(profile)s::bigint", {}),
    "my-country": (MY_COUNTRY, {}),
    "home": (HOME, {}),
    "progress": (PROGRESS, {}),
    "peers": (PEERS, {"exchanges": "", "indicator": ""}),
    "scorecard": (SCORECARD, {"cycle": ""}),
    "dataset-files": (
        DATASET_FILES,
        {"edition": "", "dataset": "", "file_format": "", "limit": "50"},
    ),
    # A response built from code alone (the data dictionary): one round trip that reads no row.
    "no-rows": ("SELECT NULL LIMIT 0", {}),
}


def query(name, parameters):
    """The SQL and parameters of floor query `name` for a request's `parameters`."""
    if name == "funding-gaps":
        return FUNDING_GAPS[parameters.get("group_by", "region")], None
    sql, defaults = QUERIES[name]
    return sql, {"configurations": CONFIGURATIONS, **defaults, **parameters}


_connection = None


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["DATABASE_URL"], options="-c jit=off")
        _connection.autocommit = True
    return _connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor)


def application(environ, start_response):
    name = environ["PATH_INFO"].strip("/")
    if name != "funding-gaps" and name not in QUERIES:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown floor query"]
    parameters = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    with _cursor() as cursor:
        cursor.execute(*query(name, parameters))
        rows = cursor.fetchall()
    body = orjson.dumps({"results": rows}, default=str)
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
