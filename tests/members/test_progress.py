"""Year on year (members/progress.py): the API's changes equal a recomputation from the stored
answers, unpublished cycles never count, the per-cycle averages the database keeps equal a
recomputation, and the pages read it in a bounded number of queries."""

import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean

import pytest
from django.db.models import Count

from members import demo, progress
from members.models import (
    CycleScore,
    CycleScoreAverage,
    IndicatorAnswer,
    MemberState,
    ProfileSubmission,
)
from members.workflow import ReviewStatus
from tests import factories

pytestmark = pytest.mark.django_db


def as_phase(score):
    """A score shown as a phase, written out again: one decimal half up, then the ceiling."""
    return math.ceil(Decimal(repr(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def recomputed_progress(iso3):
    """`{(year, component): (score, phase, change)}` from the member state's approved
    submissions' answers, loaded one submission at a time (component "overall" included)."""
    submissions = ProfileSubmission.objects.filter(
        member_state=iso3, status=ReviewStatus.APPROVED
    ).order_by("cycle__year")
    result = {}
    previous = {}
    for submission in submissions.select_related("cycle"):
        phases = defaultdict(list)
        for answer in IndicatorAnswer.objects.filter(submission=submission).select_related(
            "indicator"
        ):
            if answer.indicator.parent_id is None and answer.phase and answer.phase >= 1:
                phases[str(answer.indicator.component_id)].append(answer.phase)
        scores = {component: mean(values) for component, values in phases.items()}
        if scores:
            scores["overall"] = mean(scores.values())
        current = {}
        for component, score in scores.items():
            phase = as_phase(score)
            before = previous.get(component)
            if before is None:
                change = "new"
            else:
                change = "up" if phase > before else "down" if phase < before else "unchanged"
            result[submission.cycle.year, component] = (round(score, 2), phase, change)
            current[component] = phase
        previous = current
    return result


def api_progress(client, iso3):
    response = client.get(f"/api/v1/member-states/{iso3}/progress/")
    assert response.status_code == 200
    return {
        (row["year"], row["component"]): (row["score"], row["phase"], row["change"])
        for row in response.json()["results"]
    }


@pytest.fixture
def demo_profiles():
    demo.seed_profiles(log=lambda *args: None)


def test_progress_api_equals_a_recomputation_for_every_member_state_of_the_demo(
    client, demo_profiles
):
    with_history = list(
        ProfileSubmission.objects.approved()
        .values("member_state")
        .annotate(cycles=Count("pk"))
        .filter(cycles__gte=2)
        .values_list("member_state", flat=True)
    )
    assert len(with_history) > 65
    changes = defaultdict(int)
    for iso3 in with_history:
        actual = api_progress(client, iso3)
        assert actual == recomputed_progress(iso3), iso3
        for _score, _phase, change in actual.values():
            changes[change] += 1
    # The demo tells a story: every kind of change happens, for components and indicators, and
    # a third of the member states have three published cycles or more.
    assert min(changes[kind] for kind in progress.CHANGES) > 0, dict(changes)
    indicator_changes = defaultdict(int)
    for state in MemberState.objects.filter(iso3__in=with_history):
        for row in progress.indicator_progress(state):
            if row.previous_year is not None:
                indicator_changes[row.change] += 1
    assert min(indicator_changes[kind] for kind in progress.CHANGES) > 0
    three = (
        ProfileSubmission.objects.approved()
        .values("member_state")
        .annotate(cycles=Count("pk"))
        .filter(cycles__gte=3)
        .count()
    )
    assert three >= MemberState.objects.count() / 3


def test_unpublished_cycles_never_appear(client, kenya):
    factories.approved_profile(member_state=kenya, year=2022, phase=2)
    factories.approved_profile(member_state=kenya, year=2023, phase=3)
    for year, status in ((2024, "draft"), (2025, "submitted"), (2026, "returned")):
        factories.ProfileSubmissionFactory(
            member_state=kenya,
            cycle=factories.ReportingCycleFactory(year=year),
            complete=True,
            status=status,
            phase=5,
        )
    rows = client.get("/api/v1/member-states/KEN/progress/").json()["results"]
    assert {row["year"] for row in rows} == {2022, 2023}
    overall = [row for row in rows if row["component"] == "overall"]
    assert [(row["year"], row["phase"], row["change"]) for row in overall] == [
        (2022, 2, "new"),
        (2023, 3, "up"),
    ]
    assert {row.year for row in progress.indicator_progress(kenya)} == {2022, 2023}
    assert set(progress.averages(kenya)) == {2022, 2023}


def test_a_missing_indicator_is_new_when_it_is_answered_again(kenya):
    first = factories.approved_profile(member_state=kenya, year=2022, phase=3)
    first.answers.filter(indicator="5").update(phase=IndicatorAnswer.NOT_AVAILABLE)
    factories.approved_profile(member_state=kenya, year=2023, phase=2)
    rows = {(r.year, r.indicator): r for r in progress.indicator_progress(kenya)}
    assert (2022, "5") not in rows
    assert rows[2023, "5"].change == "new"
    assert rows[2023, "1"].change == "down" and rows[2023, "1"].previous_phase == 3


def stored_averages():
    return {
        (row.year, row.scope, row.key, row.component): (round(row.average, 9), row.profiles)
        for row in CycleScoreAverage.objects.all()
    }


def recomputed_averages():
    groups = defaultdict(list)
    submissions = ProfileSubmission.objects.approved().select_related("member_state", "cycle")
    for submission in submissions:
        state = submission.member_state
        rows = recomputed_progress_of(submission)
        for component, score in rows.items():
            key = 0 if component == "overall" else int(component)
            year = submission.cycle.year
            groups[year, "world", "", key].append(score)
            groups[year, "region", state.who_region_id, key].append(score)
            if state.income_group:
                groups[year, "income_group", state.income_group, key].append(score)
    return {key: (round(mean(values), 9), len(values)) for key, values in groups.items()}


def recomputed_progress_of(submission):
    phases = defaultdict(list)
    for answer in submission.answers.select_related("indicator"):
        if answer.indicator.parent_id is None and answer.phase:
            phases[str(answer.indicator.component_id)].append(answer.phase)
    scores = {component: mean(values) for component, values in phases.items()}
    if scores:
        scores["overall"] = mean(scores.values())
    return scores


def stored_scores():
    return {
        (row.submission_id, row.member_state_id, row.who_region_id, row.year): round(row.overall, 9)
        for row in CycleScore.objects.all()
    }


def recomputed_scores():
    submissions = ProfileSubmission.objects.approved().select_related("member_state", "cycle")
    return {
        (s.pk, s.member_state_id, s.member_state.who_region_id, s.cycle.year): round(
            recomputed_progress_of(s)["overall"], 9
        )
        for s in submissions
        if recomputed_progress_of(s)
    }


def test_cycle_averages_kept_by_the_database_equal_a_recomputation(kenya, france):
    factories.approved_profile(member_state=kenya, year=2022, phase=2)
    factories.approved_profile(member_state=kenya, year=2023, phase=3)
    factories.approved_profile(member_state=france, year=2023, phase=5)
    draft = factories.ProfileSubmissionFactory(
        member_state=france, cycle=factories.ReportingCycleFactory(year=2024), phase=1
    )
    assert stored_averages() == recomputed_averages()
    assert stored_scores() == recomputed_scores() and len(stored_scores()) == 3
    assert {row[0] for row in stored_averages()} == {2022, 2023}

    # An approved answer rewritten, a draft approved, a member state moved: still equal.
    IndicatorAnswer.objects.filter(submission__member_state=kenya, indicator="1").update(phase=5)
    assert stored_averages() == recomputed_averages()
    assert stored_scores() == recomputed_scores()
    ProfileSubmission.objects.filter(pk=draft.pk).update(status=ReviewStatus.APPROVED)
    assert stored_averages() == recomputed_averages()
    assert stored_scores() == recomputed_scores() and len(stored_scores()) == 4
    MemberState.objects.filter(iso3="KEN").update(income_group="UM", who_region="EMR")
    assert stored_averages() == recomputed_averages()
    assert stored_scores() == recomputed_scores()
    assert progress.averages(france)[2024][progress.OVERALL] == {
        "world": 1.0,
        "region": 1.0,
        "income_group": 1.0,
    }
    ProfileSubmission.objects.filter(pk=draft.pk).delete()
    assert stored_scores() == recomputed_scores() and len(stored_scores()) == 3


def test_moved_up_by_region_compares_the_two_latest_published_cycles(kenya, france):
    factories.approved_profile(member_state=kenya, year=2022, phase=2)
    factories.approved_profile(member_state=kenya, year=2023, phase=3)
    factories.approved_profile(member_state=france, year=2022, phase=4)
    factories.approved_profile(member_state=france, year=2023, phase=3)
    factories.ProfileSubmissionFactory(
        member_state=france,
        cycle=factories.ReportingCycleFactory(year=2024),
        complete=True,
        status="submitted",
        phase=5,
    )
    assert progress.moved_up_by_region() == {"AFR": ["KEN"]}
    assert progress.moved_up_by_region(until_year=2022) == {}


def test_home_page_lists_the_member_states_that_moved_up(client, kenya):
    factories.approved_profile(member_state=kenya, year=2022, phase=2)
    factories.approved_profile(member_state=kenya, year=2023, phase=4)
    page = client.get("/").content.decode()
    assert "Moved up a phase since their previous cycle" in page
    assert '<a href="/countries/KEN/">Kenya</a>' in page


def make_history(member_state, years):
    for index, year in enumerate(years):
        factories.approved_profile(member_state=member_state, year=year, phase=1 + index % 5)


@pytest.mark.parametrize("years", [[2023], [2019, 2020, 2021, 2022, 2023, 2024]])
def test_progress_reads_are_bounded(client, kenya, years, django_assert_max_num_queries):
    make_history(kenya, years)
    with django_assert_max_num_queries(3):
        rows = client.get("/api/v1/member-states/KEN/progress/").json()["results"]
    assert len(rows) == 8 * len(years)
    with django_assert_max_num_queries(3):
        section = progress.progress_section(kenya)["year_on_year"]
    assert section["years"] == years
    with django_assert_max_num_queries(1):
        progress.moved_up_by_region()


@pytest.mark.parametrize("years", [[2023], [2019, 2020, 2021, 2022, 2023, 2024]])
def test_country_page_and_my_country_show_every_published_cycle(
    client_for, focal_point_kenya, kenya, years, django_assert_max_num_queries
):
    make_history(kenya, years)
    anonymous = client_for(None)
    with django_assert_max_num_queries(20):
        page = anonymous.get("/countries/KEN/").content.decode()
    assert 'id="progress-title"' in page
    for year in years:
        assert f"Reporting cycle {year}" in page
    assert 'role="img"' in page and "progress-chart" in page
    focal = client_for(focal_point_kenya)
    with django_assert_max_num_queries(30):
        mine = focal.get("/my-country/").content.decode()
    assert f"Reporting cycle {years[-1]}" in mine
