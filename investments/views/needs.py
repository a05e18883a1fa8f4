"""The country needs tracker: published priorities with a funding gap, filtered and paged."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import matching, permissions
from ..forms import NeedsFilterForm
from ..models import Priority

PAGE_SIZE = 50


@require_safe
def needs(request):
    form = NeedsFilterForm(request.GET or None)
    minimum = None
    priorities = Priority.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            priorities = priorities.filter(plan__member_state__who_region=data["region"])
        if data["component"]:
            priorities = priorities.filter(component=data["component"])
        if data["intervention"]:
            priorities = priorities.filter(interventions=data["intervention"])
        minimum = data["minimum_gap"]
    priorities = (
        priorities.needing_funds(minimum_gap_usd=minimum)
        .select_related("plan__member_state__who_region", "component")
        .prefetch_related("interventions")
        .order_by("-gap_usd", "pk")
    )
    page = Paginator(priorities, PAGE_SIZE).get_page(request.GET.get("page"))
    fitting = matching.fitting_offer_counts(priority.pk for priority in page.object_list)
    for priority in page.object_list:
        priority.fitting_offers = fitting.get(priority.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_commit": permissions.can_record_commitment_somewhere(request.user),
    }
    return render(request, "investments/needs.html", context)
