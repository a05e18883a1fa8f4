"""`manage.py seed_demo` writes past the services, so it bumps every data version itself: a
portal seeded again never shows a page cached before."""

import io

import pytest
from django.core.management import call_command
from django.utils.html import escape

from resources.demo import CURATED


@pytest.mark.django_db
@pytest.mark.usefixtures("own_cache")
def test_seeding_drops_the_cached_pages(settings, client):
    settings.RESPONSE_CACHE = True
    title = escape(CURATED[0][0]).encode()
    search = "/resources/?q=recommendations+on+digital+interventions"
    before = client.get(search)
    assert title not in before.content
    assert client.get(search)["X-Response-Cache"] == "hit"

    call_command("seed_demo", "--force", stdout=io.StringIO())

    after = client.get(search)
    assert after["X-Response-Cache"] == "miss"
    assert title in after.content


HOME_CURRENCY = {"GBR": "GBP", "JPN": "JPY", "FRA": "EUR", "DEU": "EUR", "NOR": "NOK", "KOR": "KRW"}


@pytest.mark.django_db
def test_the_demo_tells_each_country_its_own_story(client):
    from investments.models import Commitment, ExchangeRate, InvestmentPlan

    call_command("seed_demo", "--force", stdout=io.StringIO())

    plans = InvestmentPlan.objects.all()
    titles = list(plans.values_list("title", flat=True))
    assert len(set(titles)) == len(titles) > 60
    kenya = plans.get(member_state="KEN")
    assert kenya.title.startswith("Kenya ")
    priorities = {
        plan.pk: tuple(plan.priorities.order_by("rank").values_list("title", flat=True))
        for plan in plans
    }
    assert len(set(priorities.values())) == len(plans)

    commitments = Commitment.objects.select_related("organization", "plan")
    rated = set(ExchangeRate.objects.values_list("currency", flat=True)) | {"USD"}
    assert {c.currency for c in commitments} <= rated
    for commitment in commitments.filter(organization__headquarters__in=list(HOME_CURRENCY)):
        home = HOME_CURRENCY[commitment.organization.headquarters_id]
        assert commitment.currency == home, commitment.organization.name
    for commitment in commitments.filter(organization=None):
        assert commitment.currency == commitment.plan.currency
    assert {"GBP", "EUR", "JPY", "USD"} <= {c.currency for c in commitments}

    for iso3 in ("KEN", "FRA"):
        page = client.get(f"/countries/{iso3}/").content.decode()
        assert "No resources recorded for this country yet" not in page, iso3
