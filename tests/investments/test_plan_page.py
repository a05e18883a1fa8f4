"""The plan page built from plain rows (`plan_page_priorities`, `plan_page_commitments`) and the
fast `money` formatter gives what the QuerySets, babel and the former template gave."""

import datetime
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Prefetch
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from investments.forms import ReturnPlanForm
from investments.models import (
    FIGURE_NAMES,
    Commitment,
    ExchangeRate,
    InvestmentPlan,
    Priority,
    PriorityCost,
    plan_page_commitments,
    plan_page_priorities,
    plan_totals,
)
from investments.templatetags.investments_tags import money, money_formatter
from investments.views import CHART_BAR_WIDTH, CHART_LABEL_WIDTH, CHART_ROW_HEIGHT, TENTH, ZERO
from members import permissions as member_permissions
from members.models import WhoRegion
from members.templatetags.formatting import number
from resources.models import DigitalHealthIntervention

from .. import factories

REFERENCE = Path(__file__).with_name("plan_detail_reference.html")
LANGUAGES = [code for code, _name in settings.LANGUAGES]
AMOUNTS = [
    *map(D, ["0", "0.00", "-0.00", "-0.004", "0.005", "0.015", "0.025", "1", "-1", "999.995"]),
    *map(D, ["1000", "-1234567.891", "123456789012345.67", "1E+3", "-5E-3", "2117917.19"]),
    1,
    2.5,
    "3.455",
    -7,
    "not a number",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_money_is_babels_number_with_two_decimals(language):
    with translation.override(language):
        format_money = money_formatter()
        for value in AMOUNTS:
            assert money(value) == format_money(value) == number(value, 2), value
        assert money(None) == format_money(None) == translation.gettext("rate missing")


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


def _comparable(rows):
    """Rows with their component and organization shown as the page names them."""
    return [
        {
            **row,
            **({"component": str(row["component"])} if "component" in row else {}),
            **({"organization": str(row["organization"])} if "organization" in row else {}),
        }
        for row in rows
    ]


@pytest.mark.parametrize(
    "who", ["anonymous", "secretariat", "focal_point_kenya", "focal_point_france", "partner"]
)
def test_plan_page_rows_are_what_the_querysets_give(plan_page_data, who, request):
    user = request.getfixturevalue(who)
    for plan in InvestmentPlan.objects.with_stored_figures():
        annotated = InvestmentPlan.objects.with_totals().get(pk=plan.pk)
        names = [*FIGURE_NAMES, "gap", "gap_usd"]
        assert plan_totals(plan) == {name: getattr(annotated, name) for name in names}
        stored = plan_page_priorities(plan)
        assert _comparable(stored) == _comparable(plan_page_priorities(plan, stored=False))
        assert len(stored) == Priority.objects.filter(plan=plan).count()
        rows = plan_page_commitments(plan, user)
        assert _comparable(rows) == _comparable(plan_page_commitments(plan, user, stored=False))
        visible = Commitment.objects.visible_to(user).filter(plan=plan)
        assert [row["pk"] for row in rows] == list(visible.values_list("pk", flat=True))
    a1, a2 = plan_page_priorities(plan_page_data["a"])
    assert len(a1["interventions"]) == 3
    latest = ExchangeRate.objects.filter(currency="KES").order_by("-year")[0].year
    assert [cost[2:] for cost in a2["costs"]] == [
        (True, None),
        (False, None),
        (False, None),
        (False, latest),
    ]
    assert any(row["rate_provisional"] for row in plan_page_commitments(plan_page_data["a"], user))


def _former_chart(priorities):
    largest = max((p.cost_usd for p in priorities), default=ZERO)
    rows = []
    for index, p in enumerate(priorities):
        funded = min(max(p.committed_usd, ZERO), p.cost_usd)
        gap = max(p.cost_usd - funded, ZERO)
        scale = D(CHART_BAR_WIDTH) / largest if largest > 0 else ZERO
        funded_width = (funded * scale).quantize(TENTH)
        rows.append(
            {
                "priority": p,
                "funded_width": funded_width,
                "gap_x": CHART_LABEL_WIDTH + funded_width,
                "gap_width": (gap * scale).quantize(TENTH),
                "y": index * CHART_ROW_HEIGHT,
            }
        )
    height = max(len(rows), 1) * CHART_ROW_HEIGHT
    return {"rows": rows, "height": height, "bar_x": CHART_LABEL_WIDTH}


def _former_page(plan_pk, user, language):
    """The page as the former view and template rendered it (model instances, `money` on each
    amount in the template)."""
    from investments import permissions

    plan = (
        InvestmentPlan.objects.visible_to(user)
        .select_related("member_state__who_region")
        .with_totals()
        .get(pk=plan_pk)
    )
    priorities = list(
        Priority.objects.filter(plan=plan)
        .with_totals()
        .select_related("component")
        .prefetch_related(
            "interventions", Prefetch("costs", queryset=PriorityCost.objects.with_usd())
        )
    )
    context = {
        "plan": plan,
        "priorities": priorities,
        "chart": _former_chart(priorities),
        "commitments": Commitment.objects.visible_to(user).filter(plan=plan).for_listing(),
        "can_edit": permissions.can_edit_plan(user, plan),
        "can_submit": permissions.can_submit_plan(user, plan),
        "can_review": permissions.can_review_plan(user, plan),
        "can_commit": permissions.can_record_commitment(user, plan),
        "return_form": ReturnPlanForm(),
        "events": plan.review_events.select_related("by")
        if plan.status != "approved" or member_permissions.is_secretariat(user)
        else [],
    }
    request = RequestFactory().get(f"/investments/plans/{plan_pk}/")
    request.user = user
    request.LANGUAGE_CODE = language
    template = engines["django"].from_string(REFERENCE.read_text(encoding="utf-8"))
    with translation.override(language):
        return template.render(context, request)


def _main(html):
    """The page's own content (the base template around it depends on the request's cookies),
    with the CSRF tokens left out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)
    return html[html.index('class="breadcrumb"') : html.rindex("</main>")]


@pytest.mark.parametrize(
    "who", ["anonymous", "secretariat", "focal_point_kenya", "focal_point_france", "partner"]
)
def test_plan_page_html_is_the_former_templates(plan_page_data, client_for, who, request):
    user = request.getfixturevalue(who)
    plan_page_data["c"].status = "submitted"
    plan_page_data["c"].save()
    client = client_for(user)
    for plan in InvestmentPlan.objects.visible_to(user):
        for language in ("en", "fr", "ar", "ru"):
            response = client.get(f"/investments/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            page = _main(response.content.decode())
            assert page == _main(_former_page(plan.pk, user, language)), (plan, language)


def test_plan_page_head_follows_every_change_of_what_it_shows(plan_page_data, client):
    """The breadcrumb, facts and summary are rendered once per content: a change of the plan,
    its member state or region (even without the services) shows at the next request."""
    plan = plan_page_data["a"]
    url = f"/investments/plans/{plan.pk}/"
    assert client.get(url).status_code == 200
    InvestmentPlan.objects.filter(pk=plan.pk).update(title="A renamed plan", summary="New words")
    WhoRegion.objects.filter(pk=plan.member_state.who_region_id).update(name_en="A new region")
    html = client.get(url).content.decode()
    assert "<h1>A renamed plan</h1>" in html and "<p>New words</p>" in html
    assert "(A new region)" in html
