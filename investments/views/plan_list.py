"""The list of investment plans: those the visitor may see, filtered, sorted and paged, or
downloaded as CSV. Its rows are the API's (`plan_rows`, one declaration: the list serializer)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gidh_portal import listing
from members.workflow import ReviewStatus

from ..api.serializers.plans import InvestmentPlanSerializer
from ..api.views.plans import plan_rows
from ..forms import PLAN_SORTS, PlanFilterForm
from ..permissions import sees_unpublished_plans

PAGE_SIZE = 50


@require_safe
def plan_list(request):
    with_status = sees_unpublished_plans(request.user)
    form = PlanFilterForm(request.GET, with_status=with_status)
    context = {"form": form, "with_status": with_status}
    if not form.is_valid():
        return render(request, "investments/plan_list.html", context, status=400)
    plans = filtered_plans(plan_rows(request.user), **form.cleaned_data)
    if request.GET.get("format") == "csv":
        return listing.stream_csv_of(
            InvestmentPlanSerializer,
            plans,
            filename="gidh-investment-plans.csv",
            context={"request": request},
        )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = InvestmentPlanSerializer(page.object_list, many=True, context={"request": request}).data
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context |= {
        "page": page,
        "plans": [{**row, "status_label": ReviewStatus(row["status"]).label} for row in rows],
        "query": query.urlencode(),
    }
    return render(request, "investments/plan_list.html", context)


def filtered_plans(plans, *, region=None, status="", year=None, sort=""):
    if region:
        plans = plans.filter(member_state__who_region=region)
    if status:
        plans = plans.filter(status=status)
    if year:
        plans = plans.filter_year(year)
    return plans.order_by(*PLAN_SORTS[sort or "country"])
