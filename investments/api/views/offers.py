"""Offers: the list (open offers; `?mine=true`, the caller's organization's in every status),
the detail, and the writes of the organization's members."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gidh_portal.filters import BOOLEAN_SPELLINGS
from gidh_portal.pagination import PageOrCursorPagination
from members.idempotency import idempotent
from members.models import Organization

from ... import permissions, services
from ...models import Offer
from ..serializers.offers import (
    REGION_CODES,
    OfferCreateInput,
    OfferSerializer,
    OfferTransitionInput,
    OfferUpdateInput,
    offer_rows,
)


def wants_own(request):
    """Whether the caller asked for their organization's offers (`?mine=true`)."""
    value = request.query_params.get("mine", "")
    return value in BOOLEAN_SPELLINGS and value.lower() in ("true", "1")


class OfferFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Offer.Kind.choices)
    who_region = django_filters.ChoiceFilter(
        choices=[(code, code) for code in REGION_CODES],
        method="filter_region",
        help_text="Offers working in this WHO region (naming it, one of its member states, or "
        "no place: anywhere).",
    )
    member_state = django_filters.CharFilter(
        method="filter_member_state",
        help_text="ISO3: offers working in this member state (naming it, its region, or no "
        "place: anywhere).",
    )
    component = django_filters.NumberFilter(
        method="filter_component", help_text="GDHM component number."
    )
    intervention = django_filters.CharFilter(
        method="filter_intervention", help_text="CDHI intervention code."
    )
    year = django_filters.NumberFilter(method="filter_year", help_text="Offers covering this year.")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Words of the title or description."
    )
    status = django_filters.ChoiceFilter(
        choices=Offer.Status.choices, help_text="With `mine=true`: drafts, open or closed."
    )
    # Read by the view (`wants_own`): it widens the list before the filters narrow it.
    mine = django_filters.BooleanFilter(
        method="filter_mine",
        help_text="True: your organization's offers in every status instead of the open ones.",
    )

    class Meta:
        model = Offer
        fields = ("kind", "status")

    def filter_region(self, queryset, name, value):
        return queryset.working_in_region(value)

    def filter_member_state(self, queryset, name, value):
        return queryset.working_in(value.upper())

    def filter_component(self, queryset, name, value):
        return queryset.covering_component(int(value))

    def filter_intervention(self, queryset, name, value):
        return queryset.covering_intervention(value)

    def filter_year(self, queryset, name, value):
        return queryset.covering_year(int(value))

    def filter_search(self, queryset, name, value):
        return queryset.matching(value)

    def filter_mine(self, queryset, name, value):
        return queryset


def offer_detail(request, offer, code=status.HTTP_200_OK):
    """The answer to a write: the offer as it is now."""
    row = offer_rows(Offer.objects.filter(pk=offer.pk)).get()
    return Response(OfferSerializer(row, context={"request": request}).data, status=code)


@extend_schema(tags=["investments"])
class OfferViewSet(viewsets.ReadOnlyModelViewSet):
    """What partner organizations offer: kind, CDHI interventions, GDHM components, where,
    which years, an indicative capacity (and its value in US dollars) and a contact.

    Everyone sees open offers; `?mine=true` lists the caller's organization's offers in every
    status (drafts and closed ones too). An organization's members create and edit its offers,
    and open or close them; the secretariat may do so for any organization. Page numbers reach
    the first 1,000 rows; `next` links then continue with `?cursor=`.
    """

    serializer_class = OfferSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = OfferFilter
    ordering_fields = ("updated_at", "first_year", "capacity_usd")
    ordering = ("-updated_at", "-id")
    pagination_class = PageOrCursorPagination
    keyset_keys = {}

    def get_queryset(self):
        user = self.request.user
        visible = Offer.objects.visible_to(user)
        if self.action == "list":
            if wants_own(self.request):
                visible = visible.of_organization(getattr(user, "organization_id", None))
            else:
                visible = visible.open()
        return offer_rows(visible)

    def _offer_for_write(self, pk):
        """The offer if the caller may see it (404 otherwise) and may write it (403)."""
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        offer = get_object_or_404(Offer.objects.visible_to(self.request.user), pk=pk)
        if not permissions.can_edit_offer(self.request.user, offer):
            raise exceptions.PermissionDenied(
                _("Only the members of the offer's organization change its offers.")
            )
        return offer

    @extend_schema(request=OfferCreateInput, responses={201: OfferSerializer})
    @idempotent
    def create(self, request):
        """Create an offer (a draft unless `status` is open) for your organization."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not permissions.can_create_offer(request.user):
            raise exceptions.PermissionDenied(_("Only partner members publish offers."))
        data = _valid(OfferCreateInput, request)
        organization_id = data.pop("organization") or request.user.organization_id
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None or not permissions.can_create_offer(request.user, organization):
            raise exceptions.PermissionDenied(
                _("Only the members of an organization publish its offers.")
            )
        offer = services.create_offer(organization=organization, by=request.user, **data)
        return offer_detail(request, offer, status.HTTP_201_CREATED)

    @extend_schema(request=OfferUpdateInput, responses={200: OfferSerializer})
    def update(self, request, pk=None):
        """Replace an offer's fields (those left out take their defaults)."""
        offer = self._offer_for_write(pk)
        data = _valid(OfferUpdateInput, request)
        data.setdefault("currency", "")  # no default in the schema: it has a pattern
        offer = services.update_offer(offer=offer, by=request.user, **data)
        return offer_detail(request, offer)

    @extend_schema(request=OfferUpdateInput, responses={200: OfferSerializer})
    def partial_update(self, request, pk=None):
        """Change some of an offer's fields; `version` is required."""
        offer = self._offer_for_write(pk)
        data = _valid(OfferUpdateInput, request, partial=True)
        if "version" not in data:
            raise exceptions.ValidationError({"version": [_("This field is required.")]})
        offer = services.update_offer(offer=offer, by=request.user, **data)
        return offer_detail(request, offer)

    @extend_schema(request=OfferTransitionInput, responses={200: OfferSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="open",
        url_name="open",
        permission_classes=[IsAuthenticated],
    )
    def open_(self, request, pk=None):
        """Open a draft or closed offer: it is public and may be matched."""
        offer = self._offer_for_write(pk)
        data = _valid(OfferTransitionInput, request)
        return offer_detail(request, services.open_offer(offer=offer, by=request.user, **data))

    @extend_schema(request=OfferTransitionInput, responses={200: OfferSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def close(self, request, pk=None):
        """Close an offer: it leaves the public list and is no longer matched."""
        offer = self._offer_for_write(pk)
        data = _valid(OfferTransitionInput, request)
        return offer_detail(request, services.close_offer(offer=offer, by=request.user, **data))


def _valid(serializer_class, request, *, partial=False):
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
