"""The score benchmarks the database keeps (`ScoreBenchmark`, migration members 0015) equal a
recomputation from the published answers after every kind of write that can change them."""

from collections import defaultdict
from statistics import mean

import pytest
from django.db import connection

from members import services
from members.models import (
    IndicatorAnswer,
    MemberState,
    ProfileSubmission,
    ScoreBenchmark,
    component_benchmarks,
)
from members.workflow import ReviewStatus
from tests import factories

pytestmark = pytest.mark.django_db


def recomputed():
    """The benchmarks from the published profiles' answers, in Python: {(scope, key, component):
    (average, profiles)}."""
    scores = []  # (region, income group, component, score)
    published = ProfileSubmission.objects.published().select_related("member_state")
    for submission in published:
        phases = defaultdict(list)
        answers = IndicatorAnswer.objects.filter(
            submission=submission, indicator__parent__isnull=True, phase__gte=1
        ).select_related("indicator")
        for answer in answers:
            phases[answer.indicator.component_id].append(answer.phase)
        if not phases:
            continue
        state = submission.member_state
        per_component = {component: mean(values) for component, values in phases.items()}
        for component, score in [*per_component.items(), (0, mean(per_component.values()))]:
            scores.append((state.who_region_id, state.income_group, component, score))
    groups = defaultdict(list)
    for region, income_group, component, score in scores:
        groups["world", "", component].append(score)
        groups["region", region, component].append(score)
        if income_group:
            groups["income_group", income_group, component].append(score)
    return {key: (mean(values), len(values)) for key, values in groups.items()}


def stored():
    return {
        (row.scope, row.key, row.component): (row.average, row.profiles)
        for row in ScoreBenchmark.objects.all()
    }


def assert_stored_equals_recomputed():
    expected, actual = recomputed(), stored()
    assert actual.keys() == expected.keys()
    for key, (average, profiles) in expected.items():
        assert actual[key][0] == pytest.approx(average), key
        assert actual[key][1] == profiles, key


def test_the_stored_benchmarks_follow_every_write_of_published_scores(secretariat):
    kenya, uganda, france, tanzania = (
        MemberState.objects.get(iso3=iso3) for iso3 in ("KEN", "UGA", "FRA", "TZA")
    )
    assert stored() == {}

    # Profiles published (inserted as approved, then their answers), and a draft left out.
    factories.approved_profile(member_state=kenya, year=factories.this_year() - 3, phase=2)
    factories.approved_profile(member_state=france, phase=5)
    draft = factories.ProfileSubmissionFactory(member_state=tanzania, complete=True, phase=1)
    assert_stored_equals_recomputed()
    assert stored()["world", "", 0] == (pytest.approx(3.5), 2)

    # Approved through the workflow; a later cycle supersedes Kenya's earlier profile.
    submitted = factories.ProfileSubmissionFactory(
        member_state=uganda, complete=True, phase=4, status=ReviewStatus.SUBMITTED
    )
    services.approve_profile(submission=submitted, by=secretariat)
    factories.approved_profile(member_state=kenya, phase=1)
    assert_stored_equals_recomputed()
    assert stored()["world", "", 0][1] == 3

    # A published answer corrected by a queryset update, some removed, a draft's answers.
    IndicatorAnswer.objects.filter(submission__member_state=france, indicator__code="1").update(
        phase=1
    )
    IndicatorAnswer.objects.filter(
        submission__member_state=uganda, indicator__component_id=7
    ).delete()
    IndicatorAnswer.objects.filter(submission=draft).update(phase=5)
    assert_stored_equals_recomputed()

    # A member state moved to another region and income group, a published profile deleted.
    france.who_region_id, france.income_group = "AFR", "LM"
    france.save()
    assert stored()["region", "AFR", 0][1] == 3
    ProfileSubmission.objects.filter(member_state=uganda).delete()
    assert_stored_equals_recomputed()

    # Emptied at once (as a restore does).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign key checks
        cursor.execute("TRUNCATE members_indicatoranswer")
    assert stored() == {}


def test_a_country_reads_its_region_income_group_and_the_world_in_one_query(
    django_assert_num_queries,
):
    kenya = MemberState.objects.get(iso3="KEN")
    uganda = MemberState.objects.get(iso3="UGA")
    france = MemberState.objects.get(iso3="FRA")
    factories.approved_profile(member_state=kenya, phase=2)
    factories.approved_profile(member_state=uganda, phase=4)
    factories.approved_profile(member_state=france, phase=5)
    with django_assert_num_queries(1):
        benchmarks = component_benchmarks(member_state=kenya)
    assert set(benchmarks) == {1, 2, 3, 4, 5, 6, 7, "overall"}
    expected_income = 2.0 if kenya.income_group != uganda.income_group else 3.0
    for averages in benchmarks.values():
        assert averages["world"] == pytest.approx(11 / 3)
        assert averages["region"] == pytest.approx(3.0)
        assert averages["income_group"] == pytest.approx(expected_income)
    # A region without published profiles: None beside the world's average.
    tuvalu = MemberState.objects.get(iso3="TUV")
    assert component_benchmarks(member_state=tuvalu)["overall"]["region"] is None
