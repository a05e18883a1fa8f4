import django_filters
from rest_framework import viewsets

from ..models import IncomeGroup, MemberState, Organization, WhoRegion
from .serializers import MemberStateSerializer, OrganizationSerializer, WhoRegionSerializer


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

    queryset = MemberState.objects.all()
    serializer_class = MemberStateSerializer
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = MemberStateFilter
    search_fields = ("name_en", "name_fr", "=iso3", "=iso2")
    ordering_fields = ("name_en", "iso3", "who_region", "income_group")
    ordering = ("name_en",)

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


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
    filterset_class = OrganizationFilter
    search_fields = ("name", "acronym")
    ordering_fields = ("name", "type")
    ordering = ("name",)
