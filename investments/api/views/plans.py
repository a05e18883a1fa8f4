"""Investment plans: the list (JSON and CSV), the detail, and the writes of the workflow."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gidh_portal import listing
from gidh_portal.pagination import PageOrCursorPagination
from members.idempotency import idempotent
from members.models import MemberState
from members.permissions import PRIVILEGED_ACTION, is_secretariat

from ... import permissions, services
from ...models import InvestmentPlan
from ...selectors import listed_plans
from ..renderers import LIST_RENDERERS, ExportRenderersMixin
from ..requests import valid, wants
from ..serializers.plans import (
    InvestmentPlanDetailSerializer,
    InvestmentPlanSerializer,
    PlanCreateInput,
    PlanTransitionInput,
    PlanUpdateInput,
)

REGION_CHOICES = [(code, code) for code in ("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")]


def plan_rows(user, serializer_class=InvestmentPlanSerializer):
    """The plans `user` may see, as the rows `serializer_class` reads."""
    return listing.rows(listed_plans(InvestmentPlan.objects.visible_to(user)), serializer_class)


def plan_for_write(request, pk):
    """The plan if the caller may see it (404 otherwise), locked later by the service."""
    return get_object_or_404(InvestmentPlan.objects.visible_to(request.user), pk=pk)


def plan_detail(request, plan, code=status.HTTP_200_OK):
    """The answer to a write: the plan's detail as it is now."""
    row = plan_rows(request.user, InvestmentPlanDetailSerializer).get(pk=plan.pk)
    data = InvestmentPlanDetailSerializer(row, context={"request": request}).data
    return Response(data, status=code)


class InvestmentPlanFilter(django_filters.FilterSet):
    member_state = django_filters.CharFilter(
        field_name="member_state_id", help_text="ISO 3166 alpha-3 code.", method="filter_iso3"
    )
    who_region = django_filters.ChoiceFilter(
        field_name="member_state__who_region_id", choices=REGION_CHOICES, help_text="WHO region."
    )
    status = django_filters.ChoiceFilter(choices=InvestmentPlan._meta.get_field("status").choices)
    year = django_filters.NumberFilter(method="filter_year", help_text="Plans covering this year.")

    class Meta:
        model = InvestmentPlan
        fields = ("member_state", "who_region", "status", "year")

    def filter_iso3(self, queryset, name, value):
        return queryset.filter(member_state_id=value.upper())

    def filter_year(self, queryset, name, value):
        return queryset.filter_year(int(value))


@extend_schema(tags=["investments"])
class InvestmentPlanViewSet(ExportRenderersMixin, viewsets.ReadOnlyModelViewSet):
    """Costed national investment plans with their cost, committed, disbursed and gap.

    Anonymous callers see approved plans; focal points also see their own country's drafts; the
    secretariat sees all. Figures count verified commitments only. `?format=csv` streams the list.
    Page numbers reach the first 1,000 rows; `next` links then continue with `?cursor=`.
    """

    serializer_class = InvestmentPlanSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = InvestmentPlanFilter
    search_fields = ("title", "member_state__name_en", "member_state__name_fr")
    ordering_fields = ("member_state__name_en", "start_year", "gap_usd", "cost_usd", "updated_at")
    ordering = ("member_state__name_en", "-start_year", "pk")
    renderer_classes = LIST_RENDERERS
    pagination_class = PageOrCursorPagination
    keyset_keys = {}  # about a thousand plans: keyset pages past the first 1,000 rows

    def get_queryset(self):
        return plan_rows(self.request.user, self.get_serializer_class())

    def get_serializer_class(self):
        if self.action == "retrieve":
            return InvestmentPlanDetailSerializer
        return InvestmentPlanSerializer

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], required=False)]
    )
    def list(self, request, *args, **kwargs):
        self.paginator.check_parameters(request)  # the exports are not paged
        if wants(request, "csv"):
            return listing.stream_csv_of(
                InvestmentPlanSerializer,
                self.filter_queryset(self.get_queryset()),
                filename="gidh-investment-plans.csv",
                context=self.get_serializer_context(),
            )
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=PlanCreateInput,
        responses={201: InvestmentPlanDetailSerializer},
        description="Create a draft plan (focal points, for their own member state).",
    )
    @idempotent
    def create(self, request):
        data = valid(PlanCreateInput, request)
        iso3 = (data.pop("member_state", "") or "").upper() or request.user.member_state_id
        member_state = MemberState.objects.filter(pk=iso3).first() if iso3 else None
        if member_state is None or not permissions.can_create_plan(request.user, member_state):
            raise exceptions.PermissionDenied(
                _("Only the focal points of a member state create its investment plans.")
            )
        plan = services.create_plan(member_state=member_state, by=request.user, **data)
        return plan_detail(request, plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanUpdateInput, responses={200: InvestmentPlanDetailSerializer})
    def partial_update(self, request, pk=None):
        plan = plan_for_write(request, pk)
        if not permissions.can_edit_plan(request.user, plan):
            raise exceptions.PermissionDenied(_("You may not edit this plan."))
        data = valid(PlanUpdateInput, request)
        plan = services.update_plan(plan=plan, by=request.user, **data)
        return plan_detail(request, plan)

    def _transition(self, request, pk, check, service, message):
        plan = plan_for_write(request, pk)
        if not check(request.user, plan) and not _can_see_conflict(request.user, plan, check):
            raise exceptions.PermissionDenied(message)
        data = valid(PlanTransitionInput, request)
        plan = service(plan=plan, by=request.user, comment=data["comment"])
        return plan_detail(request, plan)

    @extend_schema(request=PlanTransitionInput, responses={200: InvestmentPlanDetailSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request, pk=None):
        """Submit a draft plan to the secretariat (its focal points)."""
        return self._transition(
            request,
            pk,
            permissions.can_submit_plan,
            services.submit_plan,
            _("Only the country's focal points submit its plan."),
        )

    @extend_schema(request=PlanTransitionInput, responses={200: InvestmentPlanDetailSerializer})
    @action(detail=True, methods=["post"], permission_classes=PRIVILEGED_ACTION)
    def approve(self, request, pk=None):
        """Approve a submitted plan (secretariat): it becomes public."""
        return self._transition(
            request,
            pk,
            permissions.can_review_plan,
            services.approve_plan,
            _("Only the secretariat approves plans."),
        )

    @extend_schema(request=PlanTransitionInput, responses={200: InvestmentPlanDetailSerializer})
    @action(detail=True, methods=["post"], url_path="return", permission_classes=PRIVILEGED_ACTION)
    def return_(self, request, pk=None):
        """Return a submitted plan to its focal points with a comment (secretariat)."""
        return self._transition(
            request,
            pk,
            permissions.can_review_plan,
            services.return_plan,
            _("Only the secretariat returns plans."),
        )


def _can_see_conflict(user, plan, check):
    """The right person acting in the wrong state gets a 409 from the workflow, not a 403."""
    if check is permissions.can_review_plan:
        return is_secretariat(user)
    return permissions.is_focal_point_of(user, plan.member_state_id)
