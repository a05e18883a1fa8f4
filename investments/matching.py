"""Matches: the open offers that fit an open priority of a published plan, ranked by a
transparent score, each with its reasons (docs/offers-and-matches.md, "Matches and invitations").

An ask is a priority of an approved plan whose stored USD gap (`PriorityFigures`: cost −
committed, the needs tracker's figure) is at least one cent; an offer is an `Offer` whose status
is open. Nothing else is ever matched, whoever asks.

An offer *fits* a priority when
- its geography allows the plan's member state: it names that member state, or its WHO region,
  or it names neither member states nor regions (open to every country); an offer restricted
  to other places never fits;
- its years overlap the plan period;
- and it shares something with the priority: a CDHI intervention or the GDHM component.

Its score (0–100) adds up the points of `WEIGHTS`:

| reason | points |
| --- | --- |
| shared CDHI interventions | 35 for the first, 5 for each further one up to two more (45 at most) |
| the priority's GDHM component among the offer's | 20 |
| geography | 15 the member state named, 10 its WHO region, 5 open to every country |
| years | 10 × the share of the priority's costed years within the offer's years |
| capacity | 10 × min(1, capacity in USD ÷ remaining gap in USD); 0 without a capacity |

Ties go to the larger capacity, then the older offer (or, for an offer's matches, the larger
gap, then the older priority). One SQL statement computes every pair, its points and its rank
(`match_rows`); two more fetch the offers and priorities shown: three queries per call,
whatever the number of offers and priorities.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.workflow import ReviewStatus

from .models import Offer, Priority
from .templatetags.investments_tags import format_money

# How many matches a page or an endpoint shows (the best first).
SHOWN = 10

WEIGHTS = {
    "intervention": 35,
    "further_intervention": 5,
    "further_interventions_counted": 2,
    "component": 20,
    "member_state": 15,
    "region": 10,
    "everywhere": 5,
    "years": 10,
    "capacity": 10,
}

# Table and column names are Django's defaults for the models named (checked by
# tests/investments/test_matching.py::test_matching_sql_names_the_models_tables).
MATCH_SQL = """
WITH asks AS (
    SELECT pr.id AS priority_id, pr.component_id, pl.member_state_id, ms.who_region_id,
           pl.start_year, pl.end_year, f.cost_usd - f.committed_usd AS gap_usd
    FROM investments_priority pr
    JOIN investments_investmentplan pl ON pl.id = pr.plan_id
    JOIN members_memberstate ms ON ms.iso3 = pl.member_state_id
    JOIN investments_priorityfigures f ON f.priority_id = pr.id
    WHERE pl.status = %(approved)s
      AND f.cost_usd - f.committed_usd >= 0.01
      AND (%(priorities)s::int[] IS NULL OR pr.id = ANY(%(priorities)s::int[]))
),
offers AS (
    SELECT o.id AS offer_id, o.first_year, o.last_year, o.capacity_usd
    FROM investments_offer o
    WHERE o.status = %(open)s
      AND (%(offers)s::int[] IS NULL OR o.id = ANY(%(offers)s::int[]))
      AND (%(organization)s::int IS NULL OR o.organization_id = %(organization)s::int)
),
pairs AS (
    SELECT a.*, o.offer_id, o.first_year, o.last_year, o.capacity_usd,
        ARRAY(
            SELECT i.code
            FROM investments_priority_interventions pi
            JOIN investments_offer_interventions oi
              ON oi.digitalhealthintervention_id = pi.digitalhealthintervention_id
             AND oi.offer_id = o.offer_id
            JOIN resources_digitalhealthintervention i ON i.id = pi.digitalhealthintervention_id
            WHERE pi.priority_id = a.priority_id
            ORDER BY i.sort_key
        ) AS shared_interventions,
        EXISTS (
            SELECT 1 FROM investments_offer_components oc
            WHERE oc.offer_id = o.offer_id AND oc.gdhmcomponent_id = a.component_id
        ) AS shared_component,
        CASE
            WHEN EXISTS (
                SELECT 1 FROM investments_offer_member_states om
                WHERE om.offer_id = o.offer_id AND om.memberstate_id = a.member_state_id
            ) THEN 'member_state'
            WHEN EXISTS (
                SELECT 1 FROM investments_offer_who_regions orr
                WHERE orr.offer_id = o.offer_id AND orr.whoregion_id = a.who_region_id
            ) THEN 'region'
            WHEN NOT EXISTS (
                SELECT 1 FROM investments_offer_member_states om WHERE om.offer_id = o.offer_id
            ) AND NOT EXISTS (
                SELECT 1 FROM investments_offer_who_regions orr WHERE orr.offer_id = o.offer_id
            ) THEN 'everywhere'
        END AS geography,
        (
            SELECT count(*) FROM investments_prioritycost c
            WHERE c.priority_id = a.priority_id AND c.amount > 0
        ) AS costed_years,
        (
            SELECT count(*) FROM investments_prioritycost c
            WHERE c.priority_id = a.priority_id AND c.amount > 0
              AND c.year BETWEEN o.first_year AND o.last_year
        ) AS covered_years
    FROM asks a CROSS JOIN offers o
    WHERE o.first_year <= a.end_year AND o.last_year >= a.start_year
),
fits AS (
    SELECT p.*,
        CASE WHEN cardinality(shared_interventions) > 0
            THEN %(intervention)s + %(further_intervention)s
                 * LEAST(cardinality(shared_interventions) - 1, %(further_interventions_counted)s)
            ELSE 0 END AS intervention_points,
        CASE WHEN shared_component THEN %(component)s ELSE 0 END AS component_points,
        CASE geography
            WHEN 'member_state' THEN %(member_state)s
            WHEN 'region' THEN %(region)s
            ELSE %(everywhere)s END AS geography_points,
        round(%(years)s * covered_years::numeric / GREATEST(costed_years, 1), 1) AS years_points,
        CASE WHEN capacity_usd IS NULL THEN 0
            ELSE round(%(capacity)s * LEAST(capacity_usd / gap_usd, 1), 1) END AS capacity_points
    FROM pairs p
    WHERE geography IS NOT NULL AND (cardinality(shared_interventions) > 0 OR shared_component)
),
scored AS (
    SELECT f.*,
        intervention_points + component_points + geography_points + years_points
            + capacity_points AS score
    FROM fits f
),
ranked AS (
    SELECT s.*,
        row_number() OVER (
            PARTITION BY priority_id
            ORDER BY score DESC, capacity_usd DESC NULLS LAST, offer_id
        ) AS rank_in_priority,
        count(*) OVER (PARTITION BY priority_id) AS priority_total,
        row_number() OVER (
            PARTITION BY offer_id ORDER BY score DESC, gap_usd DESC, priority_id
        ) AS rank_in_offer,
        count(*) OVER (PARTITION BY offer_id) AS offer_total
    FROM scored s
)
SELECT priority_id, offer_id, gap_usd, capacity_usd, first_year, last_year,
       shared_interventions, shared_component, geography, costed_years, covered_years,
       intervention_points, component_points, geography_points, years_points, capacity_points,
       score, priority_total, offer_total
FROM ranked
WHERE (%(per_priority)s::int IS NULL OR rank_in_priority <= %(per_priority)s::int)
  AND (%(per_offer)s::int IS NULL OR rank_in_offer <= %(per_offer)s::int)
ORDER BY score DESC, capacity_usd DESC NULLS LAST, gap_usd DESC, priority_id, offer_id
LIMIT %(limit)s
"""

POINT_NAMES = ("intervention", "component", "geography", "years", "capacity")


@dataclass
class Match:
    """An open offer that fits an open priority: its score, its points per reason and what
    they rest on. `reasons` and `summary` are in the active language."""

    priority_id: int
    offer_id: int
    gap_usd: Decimal
    capacity_usd: Decimal | None
    first_year: int
    last_year: int
    shared_interventions: list
    shared_component: bool
    geography: str
    costed_years: int
    covered_years: int
    points: dict
    score: Decimal
    priority_total: int
    offer_total: int
    priority: Priority | None = field(default=None, repr=False)
    offer: Offer | None = field(default=None, repr=False)

    @classmethod
    def from_row(cls, row):
        points = {name: Decimal(row.pop(f"{name}_points")) for name in POINT_NAMES}
        return cls(**row, points=points)

    @property
    def reasons(self):
        """The reasons as data, each with its points and a sentence (`text`)."""
        reasons = []
        if self.shared_interventions:
            codes = ", ".join(self.shared_interventions)
            reasons.append(
                {
                    "code": "interventions",
                    "points": self.points["intervention"],
                    "interventions": list(self.shared_interventions),
                    "text": ngettext(
                        "same intervention %(codes)s",
                        "same interventions %(codes)s",
                        len(self.shared_interventions),
                    )
                    % {"codes": codes},
                }
            )
        if self.shared_component:
            component = self.priority.component
            reasons.append(
                {
                    "code": "component",
                    "points": self.points["component"],
                    "component": component.pk,
                    "text": _("same GDHM component: %(component)s") % {"component": component.name},
                }
            )
        member_state = self.priority.plan.member_state
        geography = {"code": "geography", "points": self.points["geography"]}
        if self.geography == "member_state":
            geography.update(
                scope="member_state",
                member_state=member_state.iso3,
                text=_("works in %(country)s") % {"country": member_state.name},
            )
        elif self.geography == "region":
            region = member_state.who_region
            geography.update(
                scope="region",
                who_region=region.code,
                text=_("works in the %(region)s") % {"region": region.name},
            )
        else:
            geography.update(scope="everywhere", text=_("works in every country"))
        reasons.append(geography)
        reasons.append(
            {
                "code": "years",
                "points": self.points["years"],
                "first_year": self.first_year,
                "last_year": self.last_year,
                "covered_years": self.covered_years,
                "costed_years": self.costed_years,
                "text": ngettext(
                    "%(first)s–%(last)s: %(covered)s of %(costed)s costed year",
                    "%(first)s–%(last)s: %(covered)s of %(costed)s costed years",
                    self.costed_years,
                )
                % {
                    "first": self.first_year,
                    "last": self.last_year,
                    "covered": self.covered_years,
                    "costed": self.costed_years,
                },
            }
        )
        gap = format_money(self.gap_usd, "USD").text
        if self.capacity_usd is None:
            text = _("capacity not stated, for a gap of %(gap)s") % {"gap": gap}
        else:
            capacity = format_money(self.capacity_usd, "USD").text
            text = _("capacity %(capacity)s for a gap of %(gap)s") % {
                "capacity": capacity,
                "gap": gap,
            }
        reasons.append(
            {
                "code": "capacity",
                "points": self.points["capacity"],
                "capacity_usd": self.capacity_usd,
                "gap_usd": self.gap_usd,
                "text": text,
            }
        )
        return reasons

    @property
    def summary(self):
        """The reasons as one sentence: "same intervention 2.2.4; works in the African Region;
        capacity USD 500,000 for a gap of USD 1.2M"."""
        return _("; ").join(reason["text"] for reason in self.reasons)


def match_rows(
    *,
    priorities=None,
    offers=None,
    organization=None,
    per_priority=None,
    per_offer=None,
    limit=SHOWN,
):
    """The fitting (priority, offer) pairs among `priorities` and `offers` (ids; None: all open
    ones), of `organization`'s offers only if given, best first: at most `per_priority` per
    priority, `per_offer` per offer, `limit` in all. One query; the objects are not loaded."""
    if (priorities is not None and not priorities) or (offers is not None and not offers):
        return []
    parameters = {
        **WEIGHTS,
        "approved": ReviewStatus.APPROVED,
        "open": Offer.Status.OPEN,
        "priorities": list(priorities) if priorities is not None else None,
        "offers": list(offers) if offers is not None else None,
        "organization": organization,
        "per_priority": per_priority,
        "per_offer": per_offer,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(MATCH_SQL, parameters)
        names = [column.name for column in cursor.description]
        return [Match.from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def with_objects(matches):
    """Attach each match's offer (and organization) and priority (plan, member state, region,
    component): two queries whatever the number of matches."""
    if not matches:
        return matches
    offers = Offer.objects.select_related("organization").in_bulk(
        {match.offer_id for match in matches}
    )
    priorities = Priority.objects.select_related(
        "plan__member_state__who_region", "component"
    ).in_bulk({match.priority_id for match in matches})
    for match in matches:
        match.offer = offers[match.offer_id]
        match.priority = priorities[match.priority_id]
    return matches


def matches_of_priority(priority, *, limit=SHOWN):
    """The best open offers that fit `priority` (none unless its plan is published and it has
    a gap)."""
    return with_objects(match_rows(priorities=[priority.pk], limit=limit))


def matches_of_offer(offer, *, limit=SHOWN):
    """The best open priorities of published plans that `offer` fits (none unless it is open)."""
    return with_objects(match_rows(offers=[offer.pk], limit=limit))


def asks_for_organization(organization, *, limit=SHOWN):
    """The priorities that fit `organization`'s open offers, each with its best offer of the
    organization: the partner's "asks that fit your offers"."""
    if organization is None:
        return []
    return with_objects(match_rows(organization=organization.pk, per_priority=1, limit=limit))


def match_between(priority, offer):
    """The match of `offer` with `priority` if the offer fits it (both open), else None."""
    found = with_objects(match_rows(priorities=[priority.pk], offers=[offer.pk], limit=1))
    return found[0] if found else None


def fitting_offer_counts(priority_ids):
    """How many open offers fit each of the priorities (ids): {priority id: count}; one query."""
    rows = match_rows(priorities=list(priority_ids), per_priority=1, limit=None)
    return {match.priority_id: match.priority_total for match in rows}
