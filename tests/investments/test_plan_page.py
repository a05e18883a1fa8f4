"""The plan page: what it shows of a plan, its priorities and the commitments each user may
see, and the chart's geometry (its amounts: tests/investments/test_money_display.py)."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from investments.models import Commitment, ExchangeRate, InvestmentPlan, Priority
from investments.views.chart import CHART_BAR_WIDTH, CHART_LABEL_WIDTH, funding_chart
from members.models import WhoRegion
from resources.models import DigitalHealthIntervention

from .. import factories


@pytest.fixture
def plan_page_data(money, partner):
    """The money fixture plus what the page shows only sometimes: interventions, a cost year
    and a commitment without a rate, a cost and a commitment at a provisional rate, an
    unverified commitment of the partner's organization, a pledge, a disbursed stage and a
    domestic in-kind commitment."""
    plan = money["a"]
    interventions = list(DigitalHealthIntervention.objects.order_by("-pk")[:3])
    money["a1"].interventions.set(interventions)
    ExchangeRate.objects.filter(currency="KES", year=2023).delete()
    factories.PriorityCostFactory(priority=money["a2"], year=2023, amount=D("12.34"))
    # A year past KES's and EUR's latest published rates: converted provisionally.
    past_rates = ExchangeRate.objects.order_by("-year")[0].year + 1
    factories.PriorityCostFactory(priority=money["a2"], year=past_rates, amount=D("56.78"))
    factories.CommitmentFactory(
        plan=plan, currency="EUR", year=past_rates, verified_at=timezone.now()
    )
    factories.CommitmentFactory(plan=plan, currency="CHF", verified_at=timezone.now())
    factories.CommitmentFactory(
        plan=plan,
        priority=money["a2"],
        organization=partner.organization,
        currency="KES",
        year=2025,
        pledged_amount=D("5000.00"),
        pledged_on=datetime.date(2025, 2, 1),
    )
    factories.CommitmentFactory(
        plan=plan,
        organization=None,
        kind="in_kind",
        in_kind_type="personnel",
        description="Two architects",
        currency="KES",
        year=2024,
        verified_at=timezone.now(),
    )
    return money


WHO = ["anonymous", "secretariat", "focal_point_kenya", "focal_point_france", "partner"]


@pytest.mark.parametrize("who", WHO)
def test_plan_page_shows_the_priorities_and_the_commitments_the_user_may_see(
    plan_page_data, client_for, who, request
):
    user = request.getfixturevalue(who)
    plan_page_data["c"].status = "submitted"
    plan_page_data["c"].save()
    client = client_for(user)
    for plan in InvestmentPlan.objects.visible_to(user):
        html = client.get(f"/investments/plans/{plan.pk}/").content.decode()
        for priority in Priority.objects.filter(plan=plan):
            assert f"{priority.rank}. {priority.title}" in html
        visible = set(Commitment.objects.visible_to(user).filter(plan=plan))
        for commitment in Commitment.objects.filter(plan=plan):
            link = f'href="{commitment.get_absolute_url()}"'
            assert (link in html) == (commitment in visible), (plan, commitment)
    hidden = InvestmentPlan.objects.exclude(pk__in=InvestmentPlan.objects.visible_to(user))
    for plan in hidden:
        assert client.get(f"/investments/plans/{plan.pk}/").status_code == 404


def test_plan_page_marks_missing_and_provisional_rates(plan_page_data, client):
    html = client.get(f"/investments/plans/{plan_page_data['a'].pk}/").content.decode()
    latest = ExchangeRate.objects.filter(currency="KES").order_by("-year")[0].year
    assert 'data-currency="KES">KES\xa012.34</span> (rate missing)' in html  # the 2023 cost
    assert f"(provisional: {latest} rate)" in html
    for intervention in plan_page_data["a1"].interventions.all():
        assert f'<abbr title="{intervention.label}">{intervention.code}</abbr>' in html
    # The CHF commitment has no rate: left out of the USD figures, and said so.
    assert '<span class="warn">rate missing</span>' in html


def test_plan_page_chart_scales_the_bars_to_the_largest_cost(money):
    priorities = list(Priority.objects.filter(plan=money["a"]).for_plan_page())
    chart = funding_chart(priorities)
    largest = max(p.cost_usd for p in priorities)
    for row, priority in zip(chart["rows"], priorities, strict=True):
        funded = min(max(priority.committed_usd, D(0)), priority.cost_usd)
        width = row["funded_width"] + row["gap_width"]
        assert abs(width - priority.cost_usd * CHART_BAR_WIDTH / largest) <= D("0.1")
        assert abs(row["funded_width"] - funded * CHART_BAR_WIDTH / largest) <= D("0.05")
        assert row["gap_x"] == CHART_LABEL_WIDTH + row["funded_width"]
    assert funding_chart([])["rows"] == []


def test_plan_page_runs_the_same_queries_for_one_priority_or_many(
    money, client, django_assert_max_num_queries
):
    """The plan, its priorities, their interventions, their costs, its commitments."""
    url = f"/investments/plans/{money['a'].pk}/"
    client.get(url)
    with django_assert_max_num_queries(5):
        client.get(url)
    for rank in range(10, 20):
        priority = factories.PriorityFactory(plan=money["a"], rank=rank)
        factories.PriorityCostFactory(priority=priority, year=2024)
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_plan_page_head_follows_every_change_of_what_it_shows(plan_page_data, client):
    """A change of the plan, its member state or region (even without the services) shows at
    the next request."""
    plan = plan_page_data["a"]
    url = f"/investments/plans/{plan.pk}/"
    assert client.get(url).status_code == 200
    InvestmentPlan.objects.filter(pk=plan.pk).update(title="A renamed plan", summary="New words")
    WhoRegion.objects.filter(pk=plan.member_state.who_region_id).update(name_en="A new region")
    html = client.get(url).content.decode()
    assert '<h1><span dir="auto">A renamed plan</span></h1>' in html
    assert '<p dir="auto">New words</p>' in html
    assert "(A new region)" in html


def test_plan_page_lists_the_newest_commitments_and_links_to_all_of_them(
    money, client, client_for, focal_point_kenya, django_assert_max_num_queries
):
    """However many commitments a plan has, its page shows the newest 20 and links to the
    plan's commitments pages, which list every commitment the visitor may see, 50 a page."""
    plan = money["a"]
    for day in range(1, 61):
        factories.CommitmentFactory(
            plan=plan,
            pledged_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=day),
            verified_at=None if day % 10 == 0 else timezone.now(),
        )
    url = f"/investments/plans/{plan.pk}/"
    client.get(url)
    with django_assert_max_num_queries(5):
        html = client.get(url).content.decode()
    public = list(
        Commitment.objects.visible_to(None).filter(plan=plan).order_by("-pledged_on", "-pk")
    )
    for position, commitment in enumerate(public):
        assert (f'href="{commitment.get_absolute_url()}"' in html) == (position < 20)
    assert f'href="/investments/plans/{plan.pk}/commitments/"' in html

    def listed(client, page):
        body = client.get(f"/investments/plans/{plan.pk}/commitments/", {"page": page})
        assert body.status_code == 200
        return [
            c for c in all_commitments if f'href="{c.get_absolute_url()}"' in body.content.decode()
        ]

    all_commitments = list(Commitment.objects.filter(plan=plan))
    assert listed(client, 1) + listed(client, 2) == public[:50] + public[50:]
    # The plan's focal point also sees the unverified ones.
    own = client_for(focal_point_kenya)
    visible = Commitment.objects.visible_to(focal_point_kenya).filter(plan=plan)
    assert len(listed(own, 1) + listed(own, 2)) == visible.count() > len(public)
