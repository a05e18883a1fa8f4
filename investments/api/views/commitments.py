"""Commitments: the list (JSON, CSV and IATI), the detail, and the writes of each stage."""

import django_filters
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gidh_portal import listing
from gidh_portal.pagination import PageOrCursorPagination
from members.idempotency import idempotent
from members.permissions import PRIVILEGED_ACTION, is_secretariat

from ... import permissions, services
from ...exports import stream_iati
from ...models import Commitment, Priority, committed_usd_key
from ...selectors import listed_commitments
from ..renderers import LIST_RENDERERS, ExportRenderersMixin, IATIRenderer
from ..requests import valid, wants
from ..serializers.commitments import (
    CommitmentAdvanceInput,
    CommitmentCreateInput,
    CommitmentSerializer,
    CommitmentVerifyInput,
)


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


def commitment_rows(user):
    """The commitments `user` may see, as the rows `CommitmentSerializer` reads."""
    visible = Commitment.objects.visible_to(user)
    return listing.rows(listed_commitments(visible), CommitmentSerializer)


@extend_schema(tags=["investments"])
class CommitmentViewSet(ExportRenderersMixin, viewsets.ReadOnlyModelViewSet):
    """Support to investment plans, in cash or in kind, pledged → committed → disbursed.

    The public sees verified commitments to approved plans; partner members also see their
    organization's, focal points those to their country's plans. `?format=csv` streams the list,
    `?format=iati` streams the verified commitments as IATI 2.03 activity XML. Page numbers
    reach the first 1,000 rows; `next` links then continue with `?cursor=` (keyset pages, no
    count).
    """

    serializer_class = CommitmentSerializer
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
    # By USD: the conversion's amount and key, which its index holds (`commitment_by_usd`).
    keyset_keys = {"committed_usd": (committed_usd_key(), F("conversion__pk"))}
    renderer_classes = [*LIST_RENDERERS, IATIRenderer]

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            return commitment_rows(self.request.user)
        # A write's commitment, as a model instance (the service locks it at its version).
        return Commitment.objects.visible_to(self.request.user).select_related("plan")

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv", "iati"], required=False)],
        responses={
            200: CommitmentSerializer(many=True),
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.STR, description="IATI 2.03 XML"
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
        },
    )
    def list(self, request, *args, **kwargs):
        self.paginator.check_parameters(request)  # the exports are not paged
        if wants(request, "iati"):
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
        if wants(request, "csv"):
            return listing.stream_csv_of(
                CommitmentSerializer,
                self.filter_queryset(self.get_queryset()),
                filename="gidh-commitments.csv",
                context=self.get_serializer_context(),
            )
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CommitmentCreateInput, responses={201: CommitmentSerializer})
    @idempotent
    def create(self, request):
        """Record a pledge: partner members for their organization, focal points for their
        government's domestic funding."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        data = valid(CommitmentCreateInput, request)
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

    @extend_schema(request=CommitmentAdvanceInput, responses={200: CommitmentSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def advance(self, request, pk=None):
        """Move a commitment to its next stage with that stage's amount and date."""
        commitment = self.get_object()
        if not permissions.acts_for_commitment_source(request.user, commitment):
            raise exceptions.PermissionDenied(_("You may not change this commitment."))
        data = valid(CommitmentAdvanceInput, request)
        commitment = services.advance_commitment(commitment=commitment, by=request.user, **data)
        return self._detail(commitment)

    @extend_schema(request=CommitmentVerifyInput, responses={200: CommitmentSerializer})
    @action(detail=True, methods=["post"], permission_classes=PRIVILEGED_ACTION)
    def verify(self, request, pk=None):
        """Verify a commitment's current stage (secretariat): it then counts publicly."""
        commitment = self.get_object()
        if not is_secretariat(request.user):
            raise exceptions.PermissionDenied(_("Only the secretariat verifies commitments."))
        data = valid(CommitmentVerifyInput, request)
        commitment = services.verify_commitment(commitment=commitment, by=request.user, **data)
        return self._detail(commitment)

    def _detail(self, commitment, code=status.HTTP_200_OK):
        row = commitment_rows(self.request.user).get(pk=commitment.pk)
        return Response(
            CommitmentSerializer(row, context=self.get_serializer_context()).data, status=code
        )
