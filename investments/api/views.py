"""The investments API: reads through scoped QuerySets, writes as explicit actions on services."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from gidh_portal.compiled import CompiledValues, compiled_rows, public_list_rows
from gidh_portal.csv_export import stream_csv
from gidh_portal.pagination import PageOrCursorPagination
from gidh_portal.renderers import ORJSONRenderer
from gidh_portal.response_cache import versioned_caches_on
from members.idempotency import idempotent
from members.models import GdhmComponent, MemberState, WhoRegion
from members.permissions import PRIVILEGED_ACTION, is_secretariat

from .. import permissions, services
from ..exports import stream_iati
from ..models import (
    ZERO,
    Commitment,
    InvestmentPlan,
    Priority,
    PriorityCost,
    TransparencyReport,
    cached_public_commitment_count,
    figures_are_stored,
    funding_gaps,
    public_commitment_count,
    public_commitment_count_in_query,
    public_plan_count_in_query,
)
from . import serializers as s

REGION_CHOICES = [(code, code) for code in ("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")]


class CSVRenderer(renderers.BaseRenderer):
    """Declares `?format=csv`; the views stream the CSV themselves."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes | str) else b""


class IATIRenderer(CSVRenderer):
    """Declares `?format=iati` (IATI 2.03 activity XML, streamed by the view)."""

    media_type = "application/xml"
    format = "iati"


LIST_RENDERERS = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]


class ExportRenderersMixin:
    """The CSV (and IATI) renderers serve the list only: one record or a write is JSON, and
    `?format=csv` elsewhere is a 404 like any unknown format."""

    def get_renderers(self):
        renderers_ = super().get_renderers()
        if self.action == "list":
            return renderers_
        return [r for r in renderers_ if not isinstance(r, CSVRenderer)]


def _wants(request, fmt):
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and renderer.format == fmt


def _plan_for_write(request, pk):
    """The plan if the caller may see it (404 otherwise), locked later by the service."""
    return get_object_or_404(InvestmentPlan.objects.visible_to(request.user), pk=pk)


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
    """

    serializer_class = s.InvestmentPlanSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = InvestmentPlanFilter
    search_fields = ("title", "member_state__name_en", "member_state__name_fr")
    ordering_fields = ("member_state__name_en", "start_year", "gap_usd", "cost_usd", "updated_at")
    ordering = ("member_state__name_en", "-start_year", "pk")
    renderer_classes = LIST_RENDERERS

    def get_queryset(self, *, totals=True):
        queryset = InvestmentPlan.objects.visible_to(self.request.user).select_related(
            "member_state__who_region"
        )
        if totals:
            queryset = queryset.with_totals()
        if self.action == "retrieve":
            priorities = (
                Priority.objects.with_totals()
                .select_related("component")
                .prefetch_related(
                    "interventions",
                    Prefetch("costs", queryset=PriorityCost.objects.with_usd()),
                )
            )
            queryset = queryset.prefetch_related(Prefetch("priorities", queryset=priorities))
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.InvestmentPlanDetailSerializer
        return s.InvestmentPlanSerializer

    def count_in_page(self, queryset):
        """The public list without filters (SQL compiled once) counts its plans in the page's
        query: one query, and the count reads the plans alone (not joined as the page)."""
        if isinstance(queryset, CompiledValues):  # anonymous: the public plans
            return public_plan_count_in_query()
        return None

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], required=False)]
    )
    def list(self, request, *args, **kwargs):
        if _wants(request, "csv"):
            queryset = self.filter_queryset(self.get_queryset())
            return stream_csv(
                PLAN_CSV_HEADER,
                (_plan_row(p) for p in queryset.iterator(chunk_size=500)),
                filename="gidh-investment-plans.csv",
            )
        if figures_are_stored() and not self.format_kwarg:
            # Stored figures are a join; plain rows instead of model instances: the
            # serializer's JSON with far less Python; the public list's SQL compiled once.
            def build():
                return self.filter_queryset(self.get_queryset()).listing_values()

            page = self.paginate_queryset(public_list_rows("plans", self, request, build))
            return self.get_paginated_response(s.plan_list_data(page, request=request))
        if figures_are_stored() or "_usd" in request.query_params.get("ordering", ""):
            # Stored figures are a join; or sorted by a total: computed for all.
            return super().list(request, *args, **kwargs)
        # Computed figures: the page first, then the totals of its plans only (correlated
        # subqueries, which the database would otherwise compute for every plan before sorting).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset(totals=False)))
        ids = [plan.pk for plan in page]
        with_totals = self.get_queryset().filter(pk__in=ids).in_bulk()
        serializer = self.get_serializer([with_totals[pk] for pk in ids], many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request=s.PlanCreateInput,
        responses={201: s.InvestmentPlanDetailSerializer},
        description="Create a draft plan (focal points, for their own member state).",
    )
    @idempotent
    def create(self, request):
        data = _valid(s.PlanCreateInput, request)
        iso3 = (data.pop("member_state", "") or "").upper() or request.user.member_state_id
        member_state = MemberState.objects.filter(pk=iso3).first() if iso3 else None
        if member_state is None or not permissions.can_create_plan(request.user, member_state):
            raise exceptions.PermissionDenied(
                _("Only the focal points of a member state create its investment plans.")
            )
        plan = services.create_plan(member_state=member_state, by=request.user, **data)
        return self._detail(plan, status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanUpdateInput, responses={200: s.InvestmentPlanDetailSerializer})
    def partial_update(self, request, pk=None):
        plan = _plan_for_write(request, pk)
        if not permissions.can_edit_plan(request.user, plan):
            raise exceptions.PermissionDenied(_("You may not edit this plan."))
        data = _valid(s.PlanUpdateInput, request)
        plan = services.update_plan(plan=plan, by=request.user, **data)
        return self._detail(plan)

    def _transition(self, request, pk, check, service, message):
        plan = _plan_for_write(request, pk)
        if not check(request.user, plan) and not _can_see_conflict(request.user, plan, check):
            raise exceptions.PermissionDenied(message)
        data = _valid(s.PlanTransitionInput, request)
        plan = service(plan=plan, by=request.user, comment=data["comment"])
        return self._detail(plan)

    @extend_schema(request=s.PlanTransitionInput, responses={200: s.InvestmentPlanDetailSerializer})
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

    @extend_schema(request=s.PlanTransitionInput, responses={200: s.InvestmentPlanDetailSerializer})
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

    @extend_schema(request=s.PlanTransitionInput, responses={200: s.InvestmentPlanDetailSerializer})
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

    def _detail(self, plan, code=status.HTTP_200_OK):
        self.action = "retrieve"
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(
            s.InvestmentPlanDetailSerializer(fresh, context={"request": self.request}).data,
            status=code,
        )


def _can_see_conflict(user, plan, check):
    """The right person acting in the wrong state gets a 409 from the workflow, not a 403."""
    if check is permissions.can_review_plan:
        return is_secretariat(user)
    return permissions.is_focal_point_of(user, plan.member_state_id)


def _valid(serializer_class, request):
    return _valid_data(serializer_class, request.data)


def _valid_data(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PriorityCreateApi(APIView):
    """Add a ranked, costed priority to an editable plan (the country's focal points)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["investments"],
        request=s.PrioritySaveInput,
        responses={201: s.InvestmentPlanDetailSerializer},
    )
    def post(self, request, pk):
        plan = _plan_for_write(request, pk)
        _check_plan_editor(request.user, plan)
        data = _priority_data(request)
        services.save_priority(plan=plan, by=request.user, **data)
        return _plan_response(request, plan, status.HTTP_201_CREATED)


class PriorityUpdateApi(APIView):
    """Change or remove a priority of an editable plan (the country's focal points)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["investments"],
        request=s.PrioritySaveInput,
        responses={200: s.InvestmentPlanDetailSerializer},
    )
    def put(self, request, pk, priority_pk):
        plan = _plan_for_write(request, pk)
        priority = get_object_or_404(plan.priorities.all(), pk=priority_pk)
        _check_plan_editor(request.user, plan)
        data = _priority_data(request)
        services.save_priority(plan=plan, priority=priority, by=request.user, **data)
        return _plan_response(request, plan)

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
        responses={200: s.InvestmentPlanDetailSerializer},
    )
    def delete(self, request, pk, priority_pk):
        plan = _plan_for_write(request, pk)
        priority = get_object_or_404(plan.priorities.all(), pk=priority_pk)
        _check_plan_editor(request.user, plan)
        given = request.query_params if "version" in request.query_params else request.data
        data = _valid_data(s.PriorityDeleteInput, given)
        services.delete_priority(plan=plan, priority=priority, by=request.user, **data)
        return _plan_response(request, plan)


def _check_plan_editor(user, plan):
    if not permissions.is_focal_point_of(user, plan.member_state_id):
        raise exceptions.PermissionDenied(_("Only the country's focal points edit its plan."))


def _priority_data(request):
    data = _valid(s.PrioritySaveInput, request)
    data["costs"] = {cost["year"]: cost["amount"] for cost in data["costs"]}
    return data


def _plan_response(request, plan, code=status.HTTP_200_OK):
    view = InvestmentPlanViewSet(request=request, action="retrieve", format_kwarg=None)
    fresh = view.get_queryset().get(pk=plan.pk)
    return Response(
        s.InvestmentPlanDetailSerializer(fresh, context={"request": request}).data, status=code
    )


PLAN_CSV_HEADER = [
    "id",
    "member_state",
    "who_region",
    "title",
    "start_year",
    "end_year",
    "currency",
    "status",
    "cost",
    "committed",
    "disbursed",
    "gap",
    "cost_usd",
    "committed_usd",
    "disbursed_usd",
    "gap_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
    "strategy_url",
]


def _plan_row(plan):
    return [
        plan.pk,
        plan.member_state_id,
        plan.member_state.who_region_id,
        plan.title,
        plan.start_year,
        plan.end_year,
        plan.currency,
        plan.status,
        plan.cost,
        plan.committed,
        plan.disbursed,
        plan.gap,
        plan.cost_usd,
        plan.committed_usd,
        plan.disbursed_usd,
        plan.gap_usd,
        plan.cost_rates_missing,
        plan.commitment_rates_missing,
        plan.cost_rates_provisional,
        plan.commitment_rates_provisional,
        plan.strategy_url,
    ]


class CommitmentFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="organization_id")
    member_state = django_filters.CharFilter(method="filter_iso3", help_text="ISO3 of the plan.")
    kind = django_filters.ChoiceFilter(choices=Commitment.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Commitment.Status.choices)
    domestic = django_filters.BooleanFilter(
        field_name="organization", lookup_expr="isnull", help_text="Domestic funding only."
    )
    verified = django_filters.BooleanFilter(
        field_name="verified_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Commitment
        fields = ("organization", "member_state", "kind", "status")

    def filter_iso3(self, queryset, name, value):
        return queryset.filter(plan__member_state_id=value.upper())


@extend_schema(tags=["investments"])
class CommitmentViewSet(ExportRenderersMixin, viewsets.ReadOnlyModelViewSet):
    """Support to investment plans, in cash or in kind, pledged → committed → disbursed.

    The public sees verified commitments to approved plans; partner members also see their
    organization's, focal points those to their country's plans. `?format=csv` streams the list,
    `?format=iati` streams the verified commitments as IATI 2.03 activity XML. `?cursor=` pages
    through the whole list by cursor (most recently recorded first, no count).
    """

    serializer_class = s.CommitmentSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = CommitmentFilter
    search_fields = (
        "organization__name",
        "organization__acronym",
        "description",
        "priority__title",
        "plan__member_state__name_en",
        "plan__member_state__name_fr",
        "=plan__member_state__iso3",
    )
    search_description = gettext_lazy(
        "Words to find in the organization's name or acronym, the description, the priority's "
        "title or the member state's name (or its ISO3 code)."
    )
    ordering_fields = ("pledged_on", "committed_usd", "year")
    ordering = ("-pledged_on", "-pk")
    pagination_class = PageOrCursorPagination
    cursor_ordering = ("-pk",)  # `?cursor=`: most recently recorded first, by the primary key
    renderer_classes = [*LIST_RENDERERS, IATIRenderer]

    def get_queryset(self):
        return Commitment.objects.visible_to(self.request.user).for_listing()

    def known_count(self, queryset):
        """The public list without filters is as long as the stored figures count: kept in
        the shared cache under the investments data version while the services bump it, else
        counted in the page's query (`count_in_page`) or apart."""
        filters = {*self.filterset_class.base_filters, api_settings.SEARCH_PARAM}
        filtered = set(self.request.query_params) & filters
        if filtered or self.request.user.is_authenticated or not figures_are_stored():
            return None
        if versioned_caches_on():
            return cached_public_commitment_count()
        if isinstance(queryset, CompiledValues):
            return None
        return public_commitment_count()

    def count_in_page(self, queryset):
        """The public list without filters (SQL compiled once): the stored count in the page's
        query, one query instead of two."""
        if isinstance(queryset, CompiledValues) and figures_are_stored():
            return public_commitment_count_in_query()
        return None

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv", "iati"], required=False)],
        responses={
            200: s.CommitmentSerializer(many=True),
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.STR, description="IATI 2.03 XML"
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
        },
    )
    def list(self, request, *args, **kwargs):
        if _wants(request, "iati"):
            queryset = self.filter_queryset(
                Commitment.objects.public().select_related(
                    "plan__member_state", "priority", "organization"
                )
            )
            return stream_iati(
                queryset.iterator(chunk_size=1000),
                interventions=Priority.interventions.through.objects.filter(
                    priority__commitments__in=queryset
                ).distinct(),
            )
        if _wants(request, "csv"):
            queryset = self.filter_queryset(self.get_queryset())
            return stream_csv(
                COMMITMENT_CSV_HEADER,
                (_commitment_row(c) for c in queryset.iterator(chunk_size=500)),
                filename="gidh-commitments.csv",
            )
        if self.format_kwarg:  # a `.json` suffix: the serializer's links carry it
            return super().list(request, *args, **kwargs)

        # Plain rows instead of model instances: the serializer's JSON, ~3x less Python; the
        # public list's SQL (nine conversions) compiled once.
        def build():
            visible = Commitment.objects.visible_to(request.user).with_conversions()
            return self.filter_queryset(visible).listing_values()

        page = self.paginate_queryset(public_list_rows("commitments", self, request, build))
        return self.get_paginated_response(s.commitment_list_data(page, request=request))

    @extend_schema(request=s.CommitmentCreateInput, responses={201: s.CommitmentSerializer})
    @idempotent
    def create(self, request):
        """Record a pledge: partner members for their organization, focal points for their
        government's domestic funding."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        data = _valid(s.CommitmentCreateInput, request)
        plan = data.pop("plan")
        if not permissions.can_record_commitment(request.user, plan):
            raise exceptions.PermissionDenied(
                _(
                    "Only partner members (or the country's focal points, for domestic funding) "
                    "record commitments."
                )
            )
        commitment = services.record_commitment(
            plan=plan,
            by=request.user,
            organization=request.user.organization,
            pledged_on=data.pop("pledged_on"),
            **data,
        )
        return self._detail(commitment, status.HTTP_201_CREATED)

    @extend_schema(request=s.CommitmentAdvanceInput, responses={200: s.CommitmentSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def advance(self, request, pk=None):
        """Move a commitment to its next stage with that stage's amount and date."""
        commitment = self.get_object()
        if not permissions.acts_for_commitment_source(request.user, commitment):
            raise exceptions.PermissionDenied(_("You may not change this commitment."))
        data = _valid(s.CommitmentAdvanceInput, request)
        commitment = services.advance_commitment(commitment=commitment, by=request.user, **data)
        return self._detail(commitment)

    @extend_schema(request=s.CommitmentVerifyInput, responses={200: s.CommitmentSerializer})
    @action(detail=True, methods=["post"], permission_classes=PRIVILEGED_ACTION)
    def verify(self, request, pk=None):
        """Verify a commitment's current stage (secretariat): it then counts publicly."""
        commitment = self.get_object()
        if not is_secretariat(request.user):
            raise exceptions.PermissionDenied(_("Only the secretariat verifies commitments."))
        data = _valid(s.CommitmentVerifyInput, request)
        commitment = services.verify_commitment(commitment=commitment, by=request.user, **data)
        return self._detail(commitment)

    def _detail(self, commitment, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=commitment.pk)
        return Response(
            s.CommitmentSerializer(fresh, context={"request": self.request}).data, status=code
        )


COMMITMENT_CSV_HEADER = [
    "id",
    "plan",
    "member_state",
    "priority",
    "source",
    "kind",
    "in_kind_type",
    "description",
    "currency",
    "year",
    "status",
    "pledged_amount",
    "pledged_on",
    "committed_amount",
    "committed_on",
    "disbursed_amount",
    "disbursed_on",
    "committed_usd",
    "disbursed_usd",
    "rate_missing",
    "rate_year",
    "rate_provisional",
    "verified",
]


def _commitment_row(c):
    return [
        c.pk,
        c.plan_id,
        c.plan.member_state_id,
        c.priority.title if c.priority else "",
        c.source_name,
        c.kind,
        c.in_kind_type,
        c.description,
        c.currency,
        c.year,
        c.status,
        c.pledged_amount,
        c.pledged_on,
        c.committed_amount,
        c.committed_on,
        c.disbursed_amount,
        c.disbursed_on,
        c.committed_usd,
        c.disbursed_usd,
        c.rate is None,
        c.rate_year,
        c.rate_provisional,
        c.is_verified,
    ]


GROUP_BY_CHOICES = ("region", "component", "member_state", "global")


REGION_NAMES = ("code", "name_en", "name_fr")


def funding_gap_rows(group_by):
    """Labelled rows (sorted by label) and totals of public funding gaps in USD."""
    groups = funding_gaps(group_by)
    if group_by == "region":
        # The six regions' names as `WhoRegion.name` gives them, read through SQL compiled once.
        rows = compiled_rows(("region-names",), lambda: WhoRegion.objects.values(*REGION_NAMES))
        labels = {row["code"]: WhoRegion(**row).name for row in rows}
    elif group_by == "component":
        labels = {c.number: str(c) for c in GdhmComponent.objects.all()}
    elif group_by == "member_state":
        labels = dict(
            (m.iso3, m.name)
            for m in MemberState.objects.filter(pk__in=[k for k in groups if k]).only(
                "iso3", "name_en", "name_fr"
            )
        )
    else:
        labels = {None: _("All member states")}
    unallocated = _("Support to plans as a whole (no priority)")
    rows = [
        {
            "group": None if key is None else str(key),
            "label": labels.get(key, unallocated)
            if key is not None or group_by == "global"
            else unallocated,
            **values,
        }
        for key, values in groups.items()
    ]
    rows.sort(key=lambda row: (row["group"] is None, str(row["label"])))
    # The rows partition the global figures and each is a sum of rows rounded to the cent, so
    # the totals are the sums of the (few) group rows: no second pass over the data.
    totals = {"group": None, "label": _("Total")}
    for field in FIGURE_FIELDS:
        totals[field] = sum((row[field] for row in rows), ZERO if field.endswith("usd") else 0)
    return rows, totals


FIGURE_FIELDS = (
    "cost_usd",
    "committed_usd",
    "disbursed_usd",
    "gap_usd",
    "undisbursed_gap_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)


class FundingGapsApi(APIView):
    """Public funding gaps in USD by WHO region, GDHM component or member state.

    Approved plans and verified commitments only. Each converted amount is rounded to the cent
    before summing, so the rows add up to the totals exactly whatever the grouping. Rows without
    an exchange rate are left out of the sums and counted in `*_rates_missing`; rows converted
    at an earlier year's rate (provisional) are in the sums and counted in `*_rates_provisional`.
    """

    permission_classes = [AllowAny]
    renderer_classes = LIST_RENDERERS

    @extend_schema(
        tags=["investments"],
        parameters=[
            OpenApiParameter("group_by", str, enum=list(GROUP_BY_CHOICES), default="region"),
            OpenApiParameter("format", str, enum=["json", "csv"], required=False),
        ],
        responses={200: s.FundingGapsSerializer},
    )
    def get(self, request):
        group_by = request.query_params.get("group_by", "region")
        if group_by not in GROUP_BY_CHOICES:
            raise exceptions.ValidationError(
                {
                    "group_by": [
                        _("Choose one of: %(choices)s.") % {"choices": ", ".join(GROUP_BY_CHOICES)}
                    ]
                }
            )
        rows, totals = funding_gap_rows(group_by)
        if _wants(request, "csv"):
            fields = list(s.FundingGapRowSerializer().fields)
            return stream_csv(
                fields,
                ([row[f] for f in fields] for row in [*rows, totals]),
                filename=f"gidh-funding-gaps-by-{group_by}.csv",
            )
        body = {
            "group_by": group_by,
            "currency": "USD",
            "rows": rows,
            "totals": totals,
            "rates_note": s.rates_note(
                totals["cost_rates_missing"],
                totals["commitment_rates_missing"],
                totals["cost_rates_provisional"],
                totals["commitment_rates_provisional"],
            ),
        }
        return Response(s.funding_gaps_data(body))


class TransparencyReportFilter(django_filters.FilterSet):
    scope = django_filters.CharFilter(help_text=_("“global” or a WHO region code, e.g. AFR."))
    period = django_filters.CharFilter(help_text=_("The month, YYYY-MM."))

    class Meta:
        model = TransparencyReport
        fields = ("scope", "period")


class TransparencyReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Periodic transparency reports (global and per WHO region, one per month).

    The list shows the latest revision of each scope and period; earlier revisions stay reachable
    by id (`revisions` in the detail). Drafts are visible to the secretariat only. The `data`
    snapshot never changes once a report is published.
    """

    filterset_class = TransparencyReportFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        reports = TransparencyReport.objects.visible_to(self.request.user)
        if self.action == "list":
            return reports.latest_revisions().in_listing_order()
        return reports

    def get_serializer_class(self):
        if self.action == "list":
            return s.TransparencyReportListSerializer
        return s.TransparencyReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        report.visible_revisions = report_revisions(request.user, report)
        return Response(self.get_serializer(report).data)


def report_revisions(user, report):
    return list(
        TransparencyReport.objects.visible_to(user)
        .filter(scope=report.scope, period=report.period)
        .order_by("-revision")
        .values_list("revision", flat=True)
    )
