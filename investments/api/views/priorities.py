"""A plan's priorities: added, changed or removed by the country's focal points."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from ... import permissions, services
from ..requests import valid, valid_data
from ..serializers.plans import (
    InvestmentPlanDetailSerializer,
    PriorityDeleteInput,
    PrioritySaveInput,
)
from .plans import plan_detail, plan_for_write


class PriorityCreateApi(APIView):
    """Add a ranked, costed priority to an editable plan (the country's focal points)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["investments"],
        request=PrioritySaveInput,
        responses={201: InvestmentPlanDetailSerializer},
    )
    def post(self, request, pk):
        plan = plan_for_write(request, pk)
        _check_plan_editor(request.user, plan)
        data = _priority_data(request)
        services.save_priority(plan=plan, by=request.user, **data)
        return plan_detail(request, plan, status.HTTP_201_CREATED)


class PriorityUpdateApi(APIView):
    """Change or remove a priority of an editable plan (the country's focal points)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["investments"],
        request=PrioritySaveInput,
        responses={200: InvestmentPlanDetailSerializer},
    )
    def put(self, request, pk, priority_pk):
        plan = plan_for_write(request, pk)
        priority = get_object_or_404(plan.priorities.all(), pk=priority_pk)
        _check_plan_editor(request.user, plan)
        data = _priority_data(request)
        services.save_priority(plan=plan, priority=priority, by=request.user, **data)
        return plan_detail(request, plan)

    @extend_schema(
        tags=["investments"],
        parameters=[
            OpenApiParameter(
                "version",
                int,
                required=True,
                description="The plan version your removal is based on (a DELETE has no body; "
                "one holding `version` is still read when the query has none).",
            )
        ],
        request=None,
        responses={200: InvestmentPlanDetailSerializer},
    )
    def delete(self, request, pk, priority_pk):
        plan = plan_for_write(request, pk)
        priority = get_object_or_404(plan.priorities.all(), pk=priority_pk)
        _check_plan_editor(request.user, plan)
        given = request.query_params if "version" in request.query_params else request.data
        data = valid_data(PriorityDeleteInput, given)
        services.delete_priority(plan=plan, priority=priority, by=request.user, **data)
        return plan_detail(request, plan)


def _check_plan_editor(user, plan):
    if not permissions.is_focal_point_of(user, plan.member_state_id):
        raise exceptions.PermissionDenied(_("Only the country's focal points edit its plan."))


def _priority_data(request):
    data = valid(PrioritySaveInput, request)
    data["costs"] = {cost["year"]: cost["amount"] for cost in data["costs"]}
    return data
