"""The investments overview: funding by region and component (charts and tables, from the
stored figures), the largest plan gaps."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from members.permissions import is_secretariat
from members.workflow import ReviewStatus

from ..models import Commitment, InvestmentPlan, funding_gap_table
from ..selectors import largest_gap_plans
from .chart import funding_bars


@require_safe
def overview(request):
    region_rows, totals = funding_gap_table("region")
    component_rows, _totals = funding_gap_table("component")
    context = {
        "region_rows": region_rows,
        "region_chart": funding_bars(region_rows),
        "component_rows": component_rows,
        "component_chart": funding_bars(component_rows),
        "totals": totals,
        "plans": largest_gap_plans(20),
        "plan_count": InvestmentPlan.objects.published().count(),
    }
    user = request.user
    if user.is_authenticated and user.member_state_id:
        context["own_plans"] = InvestmentPlan.objects.filter(
            member_state=user.member_state_id
        ).order_by("-start_year")
        context["can_create_plan"] = True
    if is_secretariat(user):
        context["submitted_count"] = InvestmentPlan.objects.filter(
            status=ReviewStatus.SUBMITTED
        ).count()
        context["unverified_count"] = Commitment.objects.filter(verified_at__isnull=True).count()
    return render(request, "investments/overview.html", context)
