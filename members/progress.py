"""Year on year: a member state's GDHM scores and phases in each of its published cycles, with
the change since its previous published cycle.

The interface other modules read (the country page, "My country", the API, the scorecard, the
home page and the transparency report):

- `progress(member_state) -> list[ProgressRow]`: one row per published cycle and component
  (1–7), plus one for the overall score (`component == OVERALL`, 0), ordered by year then
  component (overall first). One query, whatever the number of cycles.
- `indicator_progress(member_state) -> list[IndicatorRow]`: one row per published cycle and
  indicator answered with a phase 1–5 (sub-indicators included), in the indicators' order.
  One query.
- `averages(member_state) -> {year: {component: {"world": x, "region": y, "income_group": z}}}`:
  per cycle, the average scores of the approved submissions of the world, of the member state's
  WHO region and of its income group (stored by the database, `CycleScoreAverage`). One query.
- `progress_table(member_state) -> list[dict]`: `progress` with the cycle's averages beside each
  row, as the API and the pages show it. Two queries.
- `moved_up_by_region(until_year=None) -> {region code: [iso3, …]}`: the member states whose
  overall phase in their latest published cycle is higher than in their previous published
  cycle (the home page, the transparency reports). One query of stored scores.

A **published cycle** of a member state is a reporting cycle in which its submission is
approved; draft, submitted and returned submissions never count. `change` compares phases (a
score shown as a phase, `score_as_phase`) with the member state's previous published cycle:
"up", "down", "unchanged", or "new" when there is no previous published cycle or the component
(indicator) had no score (phase) in it. A component without any answered top-level indicator in
a cycle has no row for that cycle (a cycle without any has none at all, and the next cycle is
compared with the one before it).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import names
from .models import (
    CycleScore,
    CycleScoreAverage,
    IndicatorAnswer,
    score_as_phase,
)
from .models.benchmarks import BenchmarkScope
from .models.localized import localized_columns
from .templatetags.progress import phase_change
from .workflow import ReviewStatus

UP = "up"
DOWN = "down"
UNCHANGED = "unchanged"
NEW = "new"
CHANGES = (UP, DOWN, UNCHANGED, NEW)
OVERALL = 0


@dataclass(frozen=True)
class ProgressRow:
    year: int
    component: int  # GDHM component number 1–7, or OVERALL (0)
    component_name: str  # in the active language ("Overall" for OVERALL)
    score: float
    phase: int
    previous_year: int | None  # the member state's previous published cycle, if any
    previous_score: float | None
    previous_phase: int | None
    change: str


@dataclass(frozen=True)
class IndicatorRow:
    year: int
    indicator: str  # GDHM indicator code, e.g. "5" or "21a"
    name: str  # the indicator's name
    order: int  # the indicator's place in the GDHM's order
    component: int
    phase: int
    previous_year: int | None
    previous_phase: int | None
    change: str


def change_between(previous_phase, phase):
    """The change from one phase to the next (None before: "new")."""
    if previous_phase is None:
        return NEW
    if phase > previous_phase:
        return UP
    if phase < previous_phase:
        return DOWN
    return UNCHANGED


def _approved_answers(**filters):
    return IndicatorAnswer.objects.filter(
        submission__status=ReviewStatus.APPROVED, **filters
    ).order_by()


def _scores_by_year(rows):
    """`{year: {component: score}}` with the overall score under OVERALL, from
    `(year, component, score)` rows."""
    by_year = defaultdict(dict)
    for year, component, score in rows:
        by_year[year][component] = score
    for scores in by_year.values():
        scores[OVERALL] = sum(scores.values()) / len(scores)
    return by_year


def progress(member_state):
    """Every published cycle's component and overall scores of `member_state`, each with its
    phase and change since the previous published cycle (see the module's docstring)."""
    component_scores = (
        _approved_answers(submission__member_state=member_state)
        .scored()
        .values_list(
            "submission__cycle__year",
            "indicator__component_id",
            "indicator__component__name_en",
            "indicator__component__name_fr",
        )
        .annotate(score=Avg("phase"))
    )
    language = names.language_key(get_language())
    component_names = {OVERALL: _("Overall")}
    scores = []
    for year, component, name_en, name_fr, score in component_scores:
        component_names[component] = localized_columns(
            language, component, name_en, name_fr, names.component_name
        )
        scores.append((year, component, score))
    by_year = _scores_by_year(scores)
    rows = []
    previous_year = None
    for year in sorted(by_year):
        previous = by_year.get(previous_year, {})
        for component, score in sorted(by_year.get(year, {}).items()):
            phase = score_as_phase(score)
            previous_score = previous.get(component)
            previous_phase = score_as_phase(previous_score)
            rows.append(
                ProgressRow(
                    year=year,
                    component=component,
                    component_name=component_names[component],
                    score=score,
                    phase=phase,
                    previous_year=previous_year,
                    previous_score=previous_score,
                    previous_phase=previous_phase,
                    change=change_between(previous_phase, phase),
                )
            )
        previous_year = year
    return rows


def indicator_progress(member_state):
    """Every published cycle's indicator phases of `member_state` with their change since the
    previous published cycle ("not available" and unanswered indicators have no row)."""
    answers = (
        _approved_answers(submission__member_state=member_state)
        .order_by("submission__cycle__year", "indicator__sort_order")
        .values_list(
            "submission__cycle__year",
            "indicator_id",
            "indicator__name",
            "indicator__sort_order",
            "indicator__component_id",
            "phase",
        )
    )
    phases = defaultdict(dict)
    for year, code, name, order, component, phase in answers:
        phases[year][code] = (name, order, component, phase)
    rows = []
    previous_year = None
    for year, answered in phases.items():
        previous = phases.get(previous_year, {})
        for code, (name, order, component, phase) in answered.items():
            if not phase:
                continue
            previous_phase = previous.get(code, (None, None, None, None))[3] or None
            rows.append(
                IndicatorRow(
                    year=year,
                    indicator=code,
                    name=name,
                    order=order,
                    component=component,
                    phase=phase,
                    previous_year=previous_year,
                    previous_phase=previous_phase,
                    change=change_between(previous_phase, phase),
                )
            )
        previous_year = year
    return rows


def averages(member_state):
    """Per cycle and component (OVERALL: 0), the average scores of the approved submissions of
    the world, of `member_state`'s WHO region and of its income group: `{year: {component:
    {"world": x, "region": y, "income_group": z}}}` (None where a scope had none)."""
    scopes = Q(scope=BenchmarkScope.WORLD)
    if member_state.who_region_id:
        scopes |= Q(scope=BenchmarkScope.REGION, key=member_state.who_region_id)
    if member_state.income_group:
        scopes |= Q(scope=BenchmarkScope.INCOME_GROUP, key=member_state.income_group)
    rows = CycleScoreAverage.objects.filter(scopes).values_list(
        "year", "scope", "component", "average"
    )
    result = defaultdict(dict)
    for year, scope, component, average in rows:
        kinds = result[year].setdefault(
            component, {"world": None, "region": None, "income_group": None}
        )
        kinds[scope] = average
    return dict(result)


def moved_up_by_region(*, until_year=None):
    """`{WHO region code: [iso3, …]}` (sorted) of the member states whose overall phase in their
    latest published cycle (up to `until_year` if given) is higher than in their previous
    published cycle. One query of the overall scores the database keeps (`CycleScore`)."""
    scores = CycleScore.objects.order_by("member_state_id", "-year")
    if until_year is not None:
        scores = scores.filter(year__lte=until_year)
    latest_two = defaultdict(list)
    regions = {}
    for iso3, region, overall in scores.values_list("member_state_id", "who_region_id", "overall"):
        if len(latest_two[iso3]) < 2:
            latest_two[iso3].append(overall)
            regions[iso3] = region
    moved = defaultdict(list)
    for iso3, overall in latest_two.items():
        if len(overall) == 2 and score_as_phase(overall[0]) > score_as_phase(overall[1]):
            moved[regions[iso3]].append(iso3)
    return dict(moved)


def progress_table(member_state):
    """`progress(member_state)` with each row's averages of its cycle beside it: one dict per
    published cycle and component (`component` "1"–"7" or "overall", as the API and the pages
    show it) with `world`, `region` and `income_group` averages (two queries; one without
    any published cycle)."""
    rows = progress(member_state)
    if not rows:
        return []
    cycle_averages = averages(member_state)
    empty = {"world": None, "region": None, "income_group": None}
    return [
        {
            "year": row.year,
            "component": "overall" if row.component == OVERALL else str(row.component),
            "name": row.component_name,
            "score": row.score,
            "phase": row.phase,
            "previous_year": row.previous_year,
            "previous_score": row.previous_score,
            "previous_phase": row.previous_phase,
            "change": row.change,
            **cycle_averages.get(row.year, {}).get(row.component, empty),
        }
        for row in rows
    ]


# Chart geometry (templates/members/includes/country_progress.html): one bar per cycle in each
# component's row, 100 SVG units per point of score, BAR_STEP units from one cycle to the next.
CHART_UNIT = 100
BAR_STEP = 12
BAR_HEIGHT = 9


def progress_section(member_state):
    """What the year-on-year section shows (country page, "My country"): `{"year_on_year":
    None}` without any published cycle, else the cycles, the table rows by cycle, the chart's
    bars by component and the indicators' phases by cycle (three queries)."""
    rows = progress_table(member_state)
    if not rows:
        return {"year_on_year": None}
    years = sorted({row["year"] for row in rows})
    component_names = {row["component"]: row["name"] for row in rows}
    # Components 1–7, then overall.
    order = sorted(component_names, key=lambda key: (key == "overall", key))
    by_cycle = [
        {
            "year": year,
            "rows": sorted(
                (row for row in rows if row["year"] == year),
                key=lambda row: order.index(row["component"]),
            ),
        }
        for year in years
    ]
    scores = {(row["year"], row["component"]): row for row in rows}
    chart = []
    for component in order:
        bars = []
        for index, year in enumerate(years):
            row = scores.get((year, component))
            if row is not None:
                bars.append(
                    {
                        "year": year,
                        "shade": index % 4,
                        "y": index * BAR_STEP,
                        "width": round(row["score"] * CHART_UNIT, 1),
                        "region_x": None
                        if row["region"] is None
                        else round(row["region"] * CHART_UNIT, 1),
                    }
                )
        chart.append({"name": component_names[component], "bars": bars})
    phases = {}
    # The indicators' table holds up to ~200 changes of a handful of kinds: each written once.
    changes = {}
    for row in indicator_progress(member_state):
        key = (row.change, row.previous_phase)
        if key not in changes:
            changes[key] = phase_change(*key)
        cell = {"phase": row.phase, "change": changes[key]}
        phases.setdefault((row.order, row.indicator, row.name), {})[row.year] = cell
    indicators = [
        {"code": code, "name": name, "cells": [cells.get(year) for year in years]}
        for (_order, code, name), cells in sorted(phases.items())
    ]
    return {
        "year_on_year": {
            "years": years,
            "latest": years[-1],
            "by_cycle": by_cycle,
            "chart": chart,
            "chart_height": len(years) * BAR_STEP,
            "shades": [{"year": year, "shade": index % 4} for index, year in enumerate(years)],
            "indicators": indicators,
        }
    }
