"""Counts of public plans and commitments the API's lists carry, from the stored figures."""

from django.db.models import F, Func, IntegerField, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from gidh_portal.response_cache import cached_under_versions
from members.workflow import ReviewStatus

from .figures import PlanFigures
from .plans import InvestmentPlan


def public_commitment_count():
    """The number of public commitments (verified, to approved plans), from the stored figures."""
    total = PlanFigures.objects.filter(plan__status=ReviewStatus.APPROVED).aggregate(
        total=Coalesce(Sum("commitment_count"), Value(0))
    )
    return total["total"]


def cached_public_commitment_count():
    """`public_commitment_count()` kept in the shared cache (Redis) under the investments data
    version, which the services bump after every committed write (the admin bumps them all):
    a verification or an approval shows at the next request."""
    return cached_under_versions(
        "public-commitment-count",
        ("investments",),
        public_commitment_count,
        PUBLIC_COUNT_CACHE_SECONDS,
    )


# Bounds an entry only: the key's versions change with every write.
PUBLIC_COUNT_CACHE_SECONDS = 24 * 3600


def public_commitment_count_in_query():
    """`public_commitment_count()` as a scalar sub-query, for a list's page to carry it."""
    total = Coalesce(Func(F("commitment_count"), function="SUM"), Value(0))
    figures = PlanFigures.objects.filter(plan__status=ReviewStatus.APPROVED).order_by()
    return Subquery(figures.values(total=total), output_field=IntegerField())


def public_plan_count_in_query():
    """The number of public plans as a scalar sub-query, for a list's page to carry it."""
    plans = InvestmentPlan.objects.published().order_by()
    total = Func(F("pk"), function="COUNT")
    return Subquery(plans.values(total=total), output_field=IntegerField())
