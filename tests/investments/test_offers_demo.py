"""The demo's offers: from the demo partners, mostly open, a draft and a closed one; several fit
open priorities of Kenya's published plan, some fit no published plan at all."""

import pytest

from investments import demo
from investments.models import InvestmentPlan, Offer, Priority
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def _fits(offer, priority):
    """Same GDHM component, the plan's country in the offer's places, overlapping years."""
    plan = priority.plan
    places = offer.who_regions.exists() or offer.member_states.exists()
    where = (
        not places
        or offer.who_regions.filter(pk=plan.member_state.who_region_id).exists()
        or offer.member_states.filter(pk=plan.member_state_id).exists()
    )
    years = offer.first_year <= plan.end_year and offer.last_year >= plan.start_year
    return offer.components.filter(pk=priority.component_id).exists() and where and years


def test_demo_offers(django_capture_on_commit_callbacks):
    members_demo.seed(password="demo-password-long-enough", log=lambda _m: None)
    demo.seed(log=lambda _m: None)
    demo.seed_offers(log=lambda _m: None)
    demo.seed_offers(log=lambda _m: None)  # a second run changes nothing
    offers = Offer.objects.all()
    assert 8 <= offers.count() <= 12
    statuses = list(offers.values_list("status", flat=True))
    assert statuses.count("draft") == 1 and statuses.count("closed") == 1
    assert {o.organization.name for o in offers} >= {"Digital Square at PATH"}
    assert offers.filter(capacity_amount__isnull=False, capacity_usd__isnull=True).count() == 0

    kenya = InvestmentPlan.objects.published().get(member_state="KEN")
    asks = list(Priority.objects.filter(plan__in=InvestmentPlan.objects.published()))
    kenyan = [p for p in asks if p.plan_id == kenya.pk]
    open_offers = list(offers.filter(status="open"))
    fitting_kenya = [o for o in open_offers if any(_fits(o, p) for p in kenyan)]
    assert len(fitting_kenya) >= 4
    kenyan_codes = {code for p in kenyan for code in p.interventions.values_list("code", flat=True)}
    same_intervention = [
        o
        for o in fitting_kenya
        if set(o.interventions.values_list("code", flat=True)) & kenyan_codes
    ]
    assert len(same_intervention) >= 2
    fitting_nothing = [o for o in open_offers if not any(_fits(o, p) for p in asks)]
    assert len(fitting_nothing) >= 2


def test_large_offers_for_the_benchmark(client):
    members_demo.seed(password="demo-password-long-enough", log=lambda _m: None)
    demo.seed_large_offers(count=60, log=lambda _m: None)
    demo.seed_large_offers(count=60, log=lambda _m: None)  # once per database
    offers = Offer.objects.filter(title__endswith="(benchmark)")
    assert offers.count() == 60 and offers.filter(status="open").count() > 40
    assert offers.filter(member_states__isnull=False).exists()
    response = client.get("/offers/", {"q": "benchmark", "region": "AFR"})
    assert response.status_code == 200
