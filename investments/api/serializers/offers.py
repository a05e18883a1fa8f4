"""Offers in the API: the list's one declaration (its item, schema and benchmark floor,
gidh_portal/listing.py) and the inputs of each write."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.input_fields import reference_field, serializer_field
from members.models import GdhmComponent, MemberState, WhoRegion
from resources.models import DigitalHealthIntervention

from ...models import Offer
from .fields import column, currency_code, money

REGION_CODES = ("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")


def _column(name):
    return column(Offer, name)


class OfferSerializer(serializers.Serializer):
    # An offer, in the list and in its detail: a row of `Offer.objects.with_relation_lists()`.
    # Adding a field to the list (JSON, schema, the benchmark's floor) is one line here.

    id = serializers.IntegerField(read_only=True)
    url = listing.LinkField("api:offer-detail", lookup="id", url_kwarg="pk")
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization__name", read_only=True)
    title = _column("title")
    description = _column("description")
    kind = _column("kind")
    interventions = serializers.ListField(
        child=serializers.CharField(),
        source="intervention_list",
        read_only=True,
        help_text="CDHI codes of the interventions the offer covers.",
    )
    components = serializers.ListField(
        child=serializers.IntegerField(),
        source="component_list",
        read_only=True,
        help_text="Numbers of the GDHM components the offer covers.",
    )
    who_regions = serializers.ListField(
        child=serializers.CharField(),
        source="region_list",
        read_only=True,
        help_text="WHO regions the offer works in (with `member_states` both empty: anywhere).",
    )
    member_states = serializers.ListField(
        child=serializers.CharField(),
        source="member_state_list",
        read_only=True,
        help_text="ISO3 codes of the member states the offer works in.",
    )
    first_year = _column("first_year")
    last_year = _column("last_year")
    capacity_amount = _column("capacity_amount")
    currency = _column("currency")
    capacity_usd = money(
        allow_null=True,
        help_text="The capacity in US dollars at the first year's rate (null: no capacity, or "
        "the rate is missing).",
    )
    contact_name = _column("contact_name")
    contact_email = _column("contact_email")
    status = _column("status")
    version = _column("version")
    created_at = _column("created_at")
    updated_at = _column("updated_at")


def offer_rows(queryset):
    """`queryset`'s offers as the rows `OfferSerializer` reads."""
    return listing.rows(
        queryset.select_related("organization").with_relation_lists(), OfferSerializer
    )


class OfferInput(serializers.Serializer):
    """An offer's fields, as a create (all required ones) or an update (`partial`) gives them."""

    title = serializer_field(Offer, "title")
    description = serializer_field(Offer, "description", default="")
    kind = serializers.ChoiceField(choices=Offer.Kind.choices)
    interventions = serializers.ListField(
        child=reference_field(DigitalHealthIntervention, "code"),
        max_length=100,
        default=list,
        help_text="CDHI v2 intervention codes, e.g. 2.2.4.",
    )
    components = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        max_length=7,
        default=list,
        help_text="GDHM component numbers (1–7).",
    )
    who_regions = serializers.ListField(
        child=serializers.ChoiceField(choices=REGION_CODES),
        max_length=6,
        default=list,
        help_text="WHO region codes; leave regions and member states empty for anywhere.",
    )
    member_states = serializers.ListField(
        child=reference_field(MemberState, "iso3"),
        max_length=194,
        default=list,
        help_text="ISO3 codes of member states.",
    )
    first_year = serializer_field(Offer, "first_year")
    last_year = serializer_field(Offer, "last_year")
    capacity_amount = serializer_field(Offer, "capacity_amount", default=None)
    currency = currency_code(required=False, allow_blank=True)
    contact_name = serializer_field(Offer, "contact_name")
    contact_email = serializer_field(Offer, "contact_email")

    def validate_interventions(self, codes):
        found = DigitalHealthIntervention.objects.filter(
            version=DigitalHealthIntervention.Version.V2, code__in=codes
        )
        return _existing_rows(found, codes, "code", _("Unknown CDHI v2 codes: %(codes)s"))

    def validate_components(self, numbers):
        return _existing_rows(
            GdhmComponent.objects.filter(pk__in=numbers),
            numbers,
            "number",
            _("Unknown GDHM components: %(codes)s"),
        )

    def validate_who_regions(self, codes):
        return list(WhoRegion.objects.filter(pk__in=codes))

    def validate_member_states(self, codes):
        codes = [code.upper() for code in codes]
        return _existing_rows(
            MemberState.objects.filter(pk__in=codes),
            codes,
            "iso3",
            _("Unknown member states: %(codes)s"),
        )


def _existing_rows(queryset, values, field, message):
    """The rows of `queryset` named by `values` (by `field`), refusing unknown ones."""
    rows = list(queryset)
    unknown = sorted({str(v) for v in values} - {str(getattr(row, field)) for row in rows})
    if unknown:
        raise serializers.ValidationError(message % {"codes": ", ".join(unknown)})
    return rows


class OfferCreateInput(OfferInput):
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The organization offering; partner members may leave it out (their own). "
        "The secretariat names it.",
    )
    status = serializers.ChoiceField(
        choices=[Offer.Status.DRAFT, Offer.Status.OPEN],
        default=Offer.Status.DRAFT,
        help_text="A new offer is a draft (the default) or open at once.",
    )


class OfferUpdateInput(OfferInput):
    version = serializers.IntegerField(help_text="The offer version your edit is based on.")


class OfferTransitionInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The offer version you open or close.")
