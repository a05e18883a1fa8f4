import datetime
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from investments import services
from investments.country_page import country_investments_section
from investments.models import Commitment, ExchangeRate, InvestmentPlan
from members.models import MemberState

from .. import factories


def test_plan_page_shows_priorities_chart_and_table(money, client):
    response = client.get(f"/investments/plans/{money['a'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="chart-svg-title">' in html
    assert '<desc id="chart-svg-desc">' in html
    assert "2,117,917.19" in html  # A1's gap in KES
    assert "16,583.34" in html  # A1's gap in USD, in the table beside the chart
    assert "Rate missing" not in html


def test_missing_rate_is_shown_on_the_pages(money, client):
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()  # a gap: 2025's is published
    plan_page = client.get(f"/investments/plans/{money['a'].pk}/").content.decode()
    assert "Rate missing" in plan_page
    assert "left out of the US dollar totals" in plan_page
    assert "rate missing" in plan_page  # the commitment row
    overview = client.get("/investments/").content.decode()
    assert "Rate missing" in overview
    commitment = Commitment.objects.get(currency="EUR", year=2024, verified_at__isnull=False)
    detail = client.get(f"/investments/commitments/{commitment.pk}/").content.decode()
    assert "there is no exchange rate for EUR in 2024" in detail


def test_overview_shows_gaps_by_region_and_component(money, client):
    html = client.get("/investments/").content.decode()
    assert "20,783.34" in html  # AFR
    assert "116,583.35" in html  # component 1
    assert "120,783.35" in html  # total


def test_country_page_section_shows_the_published_plan(
    money, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):  # with year on year (1 without a profile)
        html = client.get("/countries/KEN/").content.decode()
    assert money["a"].title in html
    # The plan's gap in its currency, compact, with the exact figure for hover and focus.
    assert ">KES\xa02.67M<" in html and 'title="KES\xa02,667,917.19"' in html
    assert "No published investment plan yet." in client.get("/countries/JPN/").content.decode()


def test_needs_tracker_filters(money, client, client_for, partner):
    def titles(**params):
        page = client.get("/investments/needs/", params)
        return [p.title for p in page.context["page"].object_list]

    assert titles() == [money["b1"].title, money["a1"].title, money["a2"].title]
    assert titles(region="AFR") == [money["a1"].title, money["a2"].title]
    assert titles(component=5) == [money["a2"].title]
    assert titles(minimum_gap="10000") == [money["b1"].title, money["a1"].title]
    intervention = factories_intervention()
    money["a2"].interventions.add(intervention)
    assert titles(intervention=intervention.code) == [money["a2"].title]
    html = client_for(partner).get("/investments/needs/").content.decode()
    assert f"/investments/plans/{money['a'].pk}/commit/?priority={money['a1'].pk}" in html
    assert "Commit to this" not in client.get("/investments/needs/").content.decode()


def factories_intervention():
    from resources.models import DigitalHealthIntervention

    return DigitalHealthIntervention.objects.filter(version="v2", level="intervention")[0]


def test_partner_page_shows_who_committed_where(money, client):
    html = client.get("/investments/partners/").content.decode()
    assert "National governments (domestic funding)" in html
    assert "Kenya" in html and "France" in html


def test_the_kenya_story(client_for, focal_point_kenya, partner, secretariat, kenya):
    """Kenya's focal point enters a costed plan; a partner commits cash and in-kind support;
    the public plan page shows what is funded and the gap."""
    focal = client_for(focal_point_kenya)
    response = focal.post(
        "/investments/plans/new/",
        {
            "title": "Kenya digital health investment plan",
            "start_year": 2024,
            "end_year": 2028,
            "currency": "KES",
            "strategy_url": "https://health.go.ke/strategy.pdf",
            "summary": "",
        },
    )
    plan = InvestmentPlan.objects.get(member_state=kenya)
    assert response.status_code == 302 and plan.status == "draft"
    for rank, title in [(1, "Shared health record"), (2, "Community health tools")]:
        response = focal.post(
            f"/investments/plans/{plan.pk}/priorities/new/",
            {
                "version": InvestmentPlan.objects.get(pk=plan.pk).version,
                "rank": rank,
                "title": title,
                "component": 5,
                "description": "",
                "implementing_agency": "DHA",
                "cost_2024": "1300000",
                "cost_2025": "1250000",
            },
        )
        assert response.status_code == 302, response.content.decode()
    assert focal.post(f"/investments/plans/{plan.pk}/submit/").status_code == 302
    assert client_for(secretariat).post(f"/investments/plans/{plan.pk}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    [first, second] = plan.priorities.order_by("rank")

    donor = client_for(partner)
    response = donor.post(
        f"/investments/plans/{plan.pk}/commit/",
        {
            "priority": first.pk,
            "kind": "cash",
            "amount": "10000.00",
            "currency": "USD",
            "year": 2024,
            "pledged_on": "2024-02-01",
        },
    )
    assert response.status_code == 302
    response = donor.post(
        f"/investments/plans/{plan.pk}/commit/",
        {
            "priority": second.pk,
            "kind": "in_kind",
            "in_kind_type": "technical_assistance",
            "description": "Interoperability technical assistance",
            "amount": "5000.00",
            "currency": "USD",
            "year": 2024,
        },
    )
    assert response.status_code == 302
    cash, in_kind = Commitment.objects.order_by("pk")
    assert (in_kind.kind, in_kind.in_kind_type) == ("in_kind", "technical_assistance")
    advance = donor.post(
        f"/investments/commitments/{cash.pk}/advance/",
        {"amount": "10000.00", "on": "2024-03-01", "version": cash.version},
    )
    assert advance.status_code == 302
    cash.refresh_from_db()
    assert cash.status == "committed"
    # Not counted publicly before verification.
    public = InvestmentPlan.objects.with_totals().get(pk=plan.pk)
    assert public.committed_usd == D("0.00")
    secretary = client_for(secretariat)
    verify = secretary.post(f"/investments/commitments/{cash.pk}/verify/", {"version": 2})
    assert verify.status_code == 302
    public = InvestmentPlan.objects.with_totals().get(pk=plan.pk)
    assert public.committed_usd == D("10000.00")
    html = client_for(None).get(f"/investments/plans/{plan.pk}/").content.decode()
    assert "Shared health record" in html and 'data-amount="10000.00"' in html
    assert ">USD\xa010,000</span>" in html  # whole units: no cents to hide
    assert "Interoperability technical assistance" not in html  # in-kind pledge not verified


def test_priority_form_reports_a_duplicate_rank(client_for, focal_point_kenya, kenya):
    plan = factories.InvestmentPlanFactory(member_state=kenya, start_year=2024, end_year=2025)
    factories.PriorityFactory(plan=plan, rank=1)
    response = client_for(focal_point_kenya).post(
        f"/investments/plans/{plan.pk}/priorities/new/",
        {"version": plan.version, "rank": 1, "title": "Another", "component": 1, "cost_2024": "10"},
    )
    assert response.status_code == 200
    assert "already has rank 1" in response.content.decode()


def test_stale_plan_edit_is_refused_with_a_clear_message(client_for, focal_point_kenya, kenya):
    plan = factories.InvestmentPlanFactory(member_state=kenya, version=3)
    response = client_for(focal_point_kenya).post(
        f"/investments/plans/{plan.pk}/edit/",
        {
            "version": 2,
            "title": "New title",
            "start_year": 2024,
            "end_year": 2028,
            "currency": "KES",
        },
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("/investments/", 14),
        ("/investments/needs/", 8),
        ("/investments/partners/", 6),
        ("plan", 7),  # 6, and the signed-in user's follows (the Follow buttons), once
    ],
)
def test_page_query_counts_are_bounded(
    money, client_for, partner, url, limit, django_assert_max_num_queries
):
    client = client_for(partner)
    target = f"/investments/plans/{money['a'].pk}/" if url == "plan" else url
    with django_assert_max_num_queries(limit):
        assert client.get(target).status_code == 200
    plan = money["a"]
    for rank in range(3, 25):
        priority = factories.PriorityFactory(plan=plan, rank=rank)
        factories.PriorityCostFactory(priority=priority, year=2024, amount=D("1000000"))
        factories.CommitmentFactory(
            plan=plan,
            priority=priority,
            verified_at=timezone.now(),
            currency="EUR",
            pledged_on=datetime.date(2024, 1, 1),
        )
        other = factories.InvestmentPlanFactory(status="approved", currency="EUR")
        factories.PriorityCostFactory(priority__plan=other)
    with django_assert_max_num_queries(limit):
        assert client.get(target).status_code == 200


def test_secretariat_edits_rates_and_verifies_in_the_admin(money, client_for, secretariat, partner):
    admin = client_for(secretariat)
    assert admin.get("/admin/investments/exchangerate/?q=KES").status_code == 200
    rate = ExchangeRate.objects.get(currency="KES", year=2024)
    assert admin.get(f"/admin/investments/exchangerate/{rate.pk}/change/").status_code == 200
    unverified = Commitment.objects.get(verified_at__isnull=True)
    response = admin.post(
        "/admin/investments/commitment/",
        {"action": "verify_commitments", "_selected_action": [unverified.pk]},
    )
    assert response.status_code == 302
    unverified.refresh_from_db()
    assert unverified.verified_by == secretariat
    assert client_for(partner).get("/admin/investments/exchangerate/").status_code == 302


def test_exchange_rates_are_loaded_exactly_from_the_csv(db):
    rate = ExchangeRate.objects.get(currency="KES", year=2024)
    assert rate.units_per_usd == D("134.822483279332")
    assert rate.source == "WDI/2025-07-01/KEN"
    assert ExchangeRate.objects.count() == 1478


def test_country_page_plan_section_shows_the_latest_plan_and_its_supporters(money):
    """The country page's plan section shows the latest approved plan's figures and the number
    of organizations supporting it (or that there is no plan)."""
    for iso3 in ("KEN", "FRA", "JPN"):
        state = MemberState.objects.get(iso3=iso3)
        plan = (
            InvestmentPlan.objects.published()
            .filter(member_state=state)
            .with_totals()
            .order_by("-end_year", "-start_year", "-pk")
            .first()
        )
        supporters = 0
        if plan is not None:
            supporters = (
                Commitment.objects.public()
                .filter(plan=plan, organization__isnull=False)
                .values("organization")
                .distinct()
                .count()
            )
        section = country_investments_section(state)
        assert section == {"plan": plan, "supporters": supporters}
        if plan is not None:
            assert section["plan"].cost == plan.cost
            for language in ("en", "fr", "ar"):
                with translation.override(language):
                    shown = render_to_string(
                        "investments/country_investments.html", {"country": state, **section}
                    )
                assert f"<dd>{supporters}</dd>" in shown


def _years_to_record(today):
    """This year and the year after KES's last published rate (the data decides which)."""
    latest = ExchangeRate.objects.filter(currency="KES").order_by("-year")[0].year
    return {"this year": today.year, "after the last rate": latest + 1}, latest


@pytest.mark.any_day
@pytest.mark.parametrize("which", ["this year", "after the last rate"])
def test_a_commitment_for_this_year_or_past_the_rates_is_recorded_provisionally(
    today, client_for, partner, secretariat, which
):
    years, latest = _years_to_record(today)
    year = years[which]
    plan = factories.InvestmentPlanFactory(
        currency="KES",
        start_year=min(years.values()) - 1,
        end_year=max(years.values()) + 1,
        status="approved",
    )
    form = client_for(partner).get(f"/investments/plans/{plan.pk}/commit/").content.decode()
    assert f'name="year" value="{today.year}"' in form  # this year's by default
    response = client_for(partner).post(
        f"/investments/plans/{plan.pk}/commit/",
        {"kind": "cash", "amount": "1300000.00", "currency": "KES", "year": year},
    )
    assert response.status_code == 302, response.content.decode()
    commitment = Commitment.objects.with_conversions().get(plan=plan)
    assert commitment.pledged_on == today
    rate = ExchangeRate.objects.get(currency="KES", year=min(year, latest)).units_per_usd
    assert commitment.pledged_usd == (D("1300000.00") / rate).quantize(D("0.01"))
    assert (commitment.rate_year, commitment.rate_provisional) == (
        min(year, latest),
        year > latest,
    )
    detail = client_for(partner).get(response["Location"]).content.decode()
    if year > latest:
        assert f"the {year} exchange rate for KES is not published yet" in detail
        assert f"use the {latest} rate" in detail
    # Verified, it counts publicly, marked provisional on the plan's page.
    services.verify_commitment(commitment=commitment, by=secretariat, version=commitment.version)
    page = client_for(None).get(f"/investments/plans/{plan.pk}/").content.decode()
    if year > latest:
        assert f"provisional: {latest} rate" in page
        assert "1 commitment(s) are converted at the latest published rate" in page


@pytest.mark.parametrize(
    "target, followed",
    [
        ("/investments/needs/", True),
        ("https://evil.example/phish", False),
        ("//evil.example/phish", False),
        ("javascript:alert(1)", False),
    ],
)
def test_verifying_a_commitment_follows_next_only_within_the_site(
    settings, client_for, secretariat, target, followed
):
    settings.REQUIRE_SECRETARIAT_2FA = False
    commitment = factories.CommitmentFactory(
        status="committed", committed_amount="1000.00", committed_on=datetime.date(2024, 4, 1)
    )
    response = client_for(secretariat).post(
        f"/investments/commitments/{commitment.pk}/verify/",
        {"version": commitment.version, "next": target},
    )
    assert response.status_code == 302
    expected = target if followed else commitment.get_absolute_url()
    assert response["Location"] == expected
