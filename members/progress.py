"""Year on year: a member state's GDHM scores and phases in each of its published cycles, with
the change since its previous published cycle.

The interface other modules read (the country page, "My country", the API, the scorecard, the
home page and the transparency report):

- `progress(member_state) -> list[ProgressRow]`: one row per published cycle and component
  (1–7), plus one for the overall score (`component == OVERALL`, 0), ordered by year then
  component (overall first). Two queries, whatever the number of cycles.
- `indicator_progress(member_state) -> list[IndicatorRow]`: one row per published cycle and
  indicator answered with a phase 1–5 (sub-indicators included), in the indicators' order.
  One query.
- `averages(member_state) -> {year: {component: {"world": x, "region": y, "income_group": z}}}`:
  per cycle, the average scores of the approved submissions of the world, of the member state's
  WHO region and of its income group (stored by the database, `CycleScoreAverage`). One query.
- `moved_up_by_region() -> {region code: [iso3, …]}`: the member states whose overall phase in
  their latest published cycle is higher than in their previous published cycle. One query.

A **published cycle** of a member state is a reporting cycle in which its submission is
approved; draft, submitted and returned submissions never count. `change` compares phases (a
score shown as a phase, `score_as_phase`) with the member state's previous published cycle:
"up", "down", "unchanged", or "new" when there is no previous published cycle or the component
(indicator) had no score (phase) in it. A component without any answered top-level indicator in
a cycle has no row for that cycle.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Q

from .models import CycleScoreAverage, IndicatorAnswer, score_as_phase
from .models.benchmarks import BenchmarkScope
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
    years = sorted(
        set(
            _approved_answers(submission__member_state=member_state).values_list(
                "submission__cycle__year", flat=True
            )
        )
    )
    component_scores = (
        _approved_answers(submission__member_state=member_state)
        .scored()
        .values_list("submission__cycle__year", "indicator__component_id")
        .annotate(score=Avg("phase"))
    )
    by_year = _scores_by_year(component_scores)
    rows = []
    previous_year = None
    for year in years:
        previous = by_year.get(previous_year, {})
        for component, score in sorted(by_year.get(year, {}).items()):
            phase = score_as_phase(score)
            previous_score = previous.get(component)
            previous_phase = score_as_phase(previous_score)
            rows.append(
                ProgressRow(
                    year=year,
                    component=component,
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
        .values_list("submission__cycle__year", "indicator_id", "indicator__component_id", "phase")
    )
    phases = defaultdict(dict)
    for year, code, component, phase in answers:
        phases[year][code] = (component, phase)
    rows = []
    previous_year = None
    for year, answered in phases.items():
        previous = phases.get(previous_year, {})
        for code, (component, phase) in answered.items():
            if not phase:
                continue
            previous_phase = previous.get(code, (None, None))[1] or None
            rows.append(
                IndicatorRow(
                    year=year,
                    indicator=code,
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


def moved_up_by_region():
    """`{WHO region code: [iso3, …]}` (sorted) of the member states whose overall phase in their
    latest published cycle is higher than in their previous published cycle."""
    rows = (
        _approved_answers()
        .scored()
        .values_list(
            "submission__member_state_id",
            "submission__member_state__who_region_id",
            "submission__cycle__year",
            "indicator__component_id",
        )
        .annotate(score=Avg("phase"))
    )
    per_state = defaultdict(list)
    regions = {}
    for iso3, region, year, component, score in rows:
        per_state[iso3].append((year, component, score))
        regions[iso3] = region
    moved = defaultdict(list)
    for iso3, state_rows in sorted(per_state.items()):
        by_year = _scores_by_year(state_rows)
        if len(by_year) < 2:
            continue
        previous, latest = sorted(by_year)[-2:]
        before = score_as_phase(by_year[previous][OVERALL])
        if score_as_phase(by_year[latest][OVERALL]) > before:
            moved[regions[iso3]].append(iso3)
    return dict(moved)
