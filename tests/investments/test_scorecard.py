"""The scorecard (/countries/<iso3>/scorecard/): one page per member state and published cycle,
with only published data (approved profiles, approved plans, verified commitments)."""

import re
from decimal import Decimal as D

import pytest

from investments.scorecard import TOP_UNFUNDED
from members.models import MemberState
from members.workflow import ReviewStatus

from .. import factories


def _page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode() if status == 200 else response


def _phases(html):
    """The phase column of the maturity table, in order."""
    return re.findall(r'<span class="phase phase-(\d)">', html)


@pytest.mark.any_day
def test_scorecard_shows_the_latest_published_cycle_and_never_a_draft(money, client, today):
    kenya = MemberState.objects.get(iso3="KEN")
    factories.approved_profile(member_state=kenya, year=2024, phase=2)
    factories.approved_profile(
        member_state=kenya, year=2025, phase=3, strategy_title="Kenya Digital Health Strategy"
    )
    later = max(today.year, 2026)
    factories.ProfileSubmissionFactory(
        member_state=kenya,
        cycle=factories.ReportingCycleFactory(year=later),
        complete=True,
        phase=5,
        strategy_title="DRAFT strategy title",
        status=ReviewStatus.SUBMITTED,
    )

    html = _page(client, "/countries/KEN/scorecard/")
    assert "<h1>Kenya</h1>" in html
    assert "Kenya Digital Health Strategy" in html and "DRAFT strategy title" not in html
    assert _phases(html) == ["3"] * 8  # seven components and the overall score
    assert "<dd>2025</dd>" in html
    # The published plan in force in 2025, its stored figures in KES, its unfunded priorities.
    assert money["a"].title in html
    assert 'title="KES\xa02,667,917.19"' in html  # the plan's gap
    assert html.index(money["a1"].title) < html.index(money["a2"].title)  # largest gap first
    assert 'title="KES\xa02,117,917.19"' in html and ">KES\xa0650,000<" in html
    # Links to the other published cycles, and the country page links here.
    assert 'href="/countries/KEN/scorecard/?cycle=2024"' in html
    assert f"?cycle={later}" not in html
    assert 'href="/countries/KEN/scorecard/"' in _page(client, "/countries/KEN/")

    # The change since the previous published cycle, for each component and overall.
    assert "Change since 2024" in html
    assert html.count("up from phase 2</span>") == 8

    earlier = _page(client, "/countries/KEN/scorecard/?cycle=2024")
    assert _phases(earlier) == ["2"] * 8 and "<dd>2024</dd>" in earlier
    assert earlier.count('<span class="change change-new">new</span>') == 8
    _page(client, f"/countries/KEN/scorecard/?cycle={later}", status=404)  # submitted only


@pytest.mark.parametrize(
    "path",
    [
        "/countries/JPN/scorecard/",  # no profile at all
        "/countries/FRA/scorecard/",  # only a draft and a returned profile
        "/countries/XYZ/scorecard/",
        "/countries/KEN/scorecard/?cycle=2023",  # no profile for that cycle
        "/countries/KEN/scorecard/?cycle=abcd",
        "/countries/KEN/scorecard/?cycle=20250",
        "/countries/KEN/scorecard/?cycle=%D9%A2%D9%A0%D9%A2%D9%A5",  # Arabic-Indic digits
    ],
)
def test_scorecard_is_not_found_without_a_published_profile_for_the_cycle(
    client, kenya, france, path
):
    factories.approved_profile(member_state=kenya, year=2025)
    factories.ProfileSubmissionFactory(member_state=france, complete=True, phase=4)
    factories.ProfileSubmissionFactory(
        member_state=france,
        cycle=factories.ReportingCycleFactory(year=2024),
        complete=True,
        phase=4,
        status=ReviewStatus.RETURNED,
    )
    _page(client, path, status=404)


def test_scorecard_refuses_a_nul_byte_in_the_cycle(client, kenya):
    factories.approved_profile(member_state=kenya, year=2025)
    _page(client, "/countries/KEN/scorecard/?cycle=%00", status=400)  # the project's middleware


def test_scorecard_benchmarks_are_the_averages_of_the_same_cycle(client, kenya, france):
    """Kenya's 2024 scorecard compares with 2024's approved profiles, not with later ones; a
    component that went down says so."""
    uganda = MemberState.objects.get(iso3="UGA")  # AFR, like Kenya
    factories.approved_profile(member_state=kenya, year=2024, phase=4)
    factories.approved_profile(member_state=kenya, year=2025, phase=1)
    factories.approved_profile(member_state=uganda, year=2024, phase=2)
    factories.approved_profile(member_state=france, year=2025, phase=5)

    def averages(html):
        row = re.search(r'<tr class="scorecard-overall">(.*?)</tr>', html, re.S).group(1)
        return re.findall(r'<td class="number">([0-9.]+|—)</td>', row)

    # Score, then the averages of the region, income group (Kenya's only) and world.
    earlier = _page(client, "/countries/KEN/scorecard/?cycle=2024")
    assert averages(earlier) == ["4.0", "3.0", "4.0", "3.0"]
    latest = _page(client, "/countries/KEN/scorecard/")
    assert averages(latest) == ["1.0", "1.0", "1.0", "3.0"]
    assert latest.count("down from phase 4</span>") == 8


def test_scorecard_redirects_a_lower_case_code_keeping_the_cycle(client, kenya):
    factories.approved_profile(member_state=kenya, year=2025)
    response = client.get("/countries/ken/scorecard/?cycle=2025")
    assert response.status_code == 301
    assert response["Location"] == "/countries/KEN/scorecard/?cycle=2025"


def test_scorecard_shows_only_a_published_plan_covering_the_cycle(money, client):
    japan = MemberState.objects.get(iso3="JPN")  # its plan is a draft
    factories.approved_profile(member_state=japan, year=2025)
    html = _page(client, "/countries/JPN/scorecard/")
    assert money["c"].title not in html
    assert "No published investment plan covers 2025." in html

    kenya = MemberState.objects.get(iso3="KEN")
    factories.approved_profile(member_state=kenya, year=2026)  # plan A is for 2024–2025
    html = _page(client, "/countries/KEN/scorecard/")
    assert money["a"].title not in html
    assert "No published investment plan covers 2026." in html


def test_scorecard_lists_the_largest_unfunded_priorities_only(client, kenya):
    factories.approved_profile(member_state=kenya, year=2025)
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, currency="USD", start_year=2024, end_year=2026, status="approved"
    )
    gaps = {}
    for rank in range(1, 9):
        priority = factories.PriorityFactory(plan=plan, rank=rank, title=f"Priority ranked {rank}")
        factories.PriorityCostFactory(priority=priority, year=2025, amount=D(rank * 1000))
        if rank == 8:  # the largest cost, fully committed: no gap
            factories.CommitmentFactory(
                plan=plan,
                priority=priority,
                currency="USD",
                year=2025,
                status="committed",
                pledged_amount=D(8000),
                committed_amount=D(8000),
                committed_on="2025-02-01",
                verified_at="2025-03-01T00:00Z",
            )
        gaps[rank] = rank * 1000
    # An unverified commitment is not public: it leaves the gap of priority 7 as it is.
    factories.CommitmentFactory(
        plan=plan,
        priority=plan.priorities.get(rank=7),
        currency="USD",
        year=2025,
        pledged_amount=D(7000),
    )
    html = _page(client, "/countries/KEN/scorecard/")
    shown = re.findall(r"Priority ranked (\d)", html)
    assert shown == ["7", "6", "5", "4", "3"] and len(shown) == TOP_UNFUNDED
    assert ">USD\xa07,000<" in html


def test_scorecard_says_when_every_priority_is_funded(client, kenya):
    factories.approved_profile(member_state=kenya, year=2025)
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, currency="USD", start_year=2025, end_year=2025, status="approved"
    )
    priority = factories.PriorityFactory(plan=plan, rank=1)
    factories.PriorityCostFactory(priority=priority, year=2025, amount=D(500))
    factories.CommitmentFactory(
        plan=plan,
        priority=priority,
        currency="USD",
        year=2025,
        status="committed",
        pledged_amount=D(500),
        committed_amount=D(500),
        committed_on="2025-02-01",
        verified_at="2025-03-01T00:00Z",
    )
    assert "Every priority of the plan is fully committed." in _page(
        client, "/countries/KEN/scorecard/"
    )


@pytest.mark.parametrize("size", [1, 12])
def test_scorecard_queries_are_bounded(client, kenya, django_assert_max_num_queries, size):
    """The same number of queries for one cycle and priority as for many."""
    for year in range(2025 - size + 1, 2026):
        factories.approved_profile(member_state=kenya, year=year)
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, currency="USD", start_year=2024, end_year=2026, status="approved"
    )
    for rank in range(1, size + 1):
        priority = factories.PriorityFactory(plan=plan, rank=rank)
        factories.PriorityCostFactory(priority=priority, year=2025, amount=D(rank * 100))
    with django_assert_max_num_queries(10):
        html = _page(client, "/countries/KEN/scorecard/")
    assert len(_phases(html)) == 8


def test_scorecard_in_arabic_is_right_to_left(client, kenya):
    factories.approved_profile(member_state=kenya, year=2025)
    html = _page(client, "/countries/KEN/scorecard/", status=200)
    assert 'dir="ltr"' in html
    client.cookies["django_language"] = "ar"
    html = _page(client, "/countries/KEN/scorecard/")
    assert '<html lang="ar" dir="rtl">' in html
    assert "css/scorecard.css" in html and "js/scorecard.js" in html
