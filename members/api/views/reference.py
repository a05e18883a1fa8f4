"""The reference data: member states (with their published profile), WHO regions,
organizations."""

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gidh_portal import listing

from ...models import (
    IncomeGroup,
    MemberState,
    Organization,
    ProfileSubmission,
    WhoRegion,
    component_benchmarks,
)
from ...peers import LIST_PEERS, peers_by_indicator
from ...progress import progress_table
from ..serializers import (
    MemberStateSerializer,
    OrganizationSerializer,
    PeerIndicatorSerializer,
    ProgressSerializer,
    PublishedProfileSerializer,
    WhoRegionSerializer,
)


class MemberStateFilter(django_filters.FilterSet):
    who_region = django_filters.ChoiceFilter(
        field_name="who_region_id",
        choices=[(code, code) for code in ("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")],
        help_text="WHO region code.",
    )
    income_group = django_filters.ChoiceFilter(
        choices=IncomeGroup.choices, help_text="World Bank income group."
    )

    class Meta:
        model = MemberState
        fields = ("who_region", "income_group")


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet):
    """The 194 WHO Member States, looked up by ISO 3166 alpha-3 code."""

    serializer_class = MemberStateSerializer
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = MemberStateFilter
    search_fields = ("name_en", "name_fr", "=iso3", "=iso2")
    ordering_fields = ("name_en", "iso3", "who_region", "income_group")
    ordering = ("name_en",)
    count_in_page = True  # 194 rows sorted by name: the page's query counts them

    def get_queryset(self):
        return listing.rows(MemberState.objects.all(), MemberStateSerializer)

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()

    @extend_schema(
        summary="The member state's published profile",
        responses={200: PublishedProfileSerializer, 404: None},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def profile(self, request, iso3=None):
        member_state = get_object_or_404(MemberState, iso3=iso3.upper())
        submission = (
            ProfileSubmission.objects.published()
            .with_answers()
            .filter(member_state=member_state)
            .first()
        )
        if submission is None:
            raise Http404
        context = {
            "request": request,
            "benchmarks": component_benchmarks(member_state=member_state),
        }
        return Response(PublishedProfileSerializer(submission, context=context).data)

    @extend_schema(
        summary="Peers to learn from",
        description="For each GDHM indicator where the member state's published profile is at "
        f"phase 1–3, the first {LIST_PEERS} member states whose published profile is at phase 4 "
        "or 5 on it, nearest first: same WHO region, then same income group, then the rest of "
        "the world (then by phase, highest first, and name); `total` says how many there are "
        "and `peers_url` lists them all (`?indicator=`). Only published profiles are read; "
        "empty when the member state has no published profile.",
        parameters=[
            OpenApiParameter(
                "indicator",
                str,
                description="A GDHM indicator code (e.g. 5 or 21a): that indicator only, with "
                "every peer (an empty list when the member state is not at phase 1–3 on it).",
            )
        ],
        responses={200: PeerIndicatorSerializer(many=True), 404: None},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def peers(self, request, iso3=None):
        member_state = get_object_or_404(MemberState, iso3=iso3.upper())
        indicator = request.query_params.get("indicator") or None
        items = peers_by_indicator(
            member_state,
            per_indicator=None if indicator else LIST_PEERS,
            indicator=indicator,
        )
        context = {"request": request, "iso3": member_state.iso3}
        serializer = PeerIndicatorSerializer(items, many=True, context=context)
        return Response(serializer.data)

    @extend_schema(
        summary="The member state's year on year",
        description="One row per published cycle and GDHM component (and overall), with the "
        "change of phase since the previous published cycle and the averages of the world, the "
        "WHO region and the income group in that cycle. Unpublished submissions never count.",
        responses={200: ProgressSerializer, 404: None},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def progress(self, request, iso3=None):
        member_state = get_object_or_404(MemberState, iso3=iso3.upper())
        data = {"iso3": member_state.iso3, "results": progress_table(member_state)}
        return Response(ProgressSerializer(data).data)


class WhoRegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The six WHO regions."""

    queryset = WhoRegion.objects.all()
    serializer_class = WhoRegionSerializer
    lookup_field = "code"
    pagination_class = None
    filter_backends = ()


class OrganizationFilter(django_filters.FilterSet):
    headquarters = django_filters.CharFilter(
        field_name="headquarters_id", help_text="ISO alpha-3 code of the headquarters country."
    )

    class Meta:
        model = Organization
        fields = ("type", "headquarters")


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner organizations: donors, agencies, NGOs, academia, private sector."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = OrganizationFilter
    search_fields = ("name", "acronym")
    ordering_fields = ("name", "type")
    ordering = ("name",)
