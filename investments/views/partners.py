"""Transparency: what each organization has committed where (verified support only)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from members.models import Organization

from ..models import Commitment

PAGE_SIZE = 100


@require_safe
def partners(request):
    rows = Commitment.objects.totals_by_partner_and_country()
    organization = request.GET.get("organization")
    if organization and organization.isdigit():
        rows = rows.filter(organization=int(organization))
    own = None
    if request.user.is_authenticated and request.user.organization_id:
        own = (
            Commitment.objects.filter(organization=request.user.organization_id)
            .for_listing()
            .order_by("-pledged_on")[:200]
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "organizations": Organization.objects.filter(commitments__verified_at__isnull=False)
        .distinct()
        .only("pk", "name"),
        "selected": organization,
        "own_commitments": own,
    }
    return render(request, "investments/partners.html", context)
