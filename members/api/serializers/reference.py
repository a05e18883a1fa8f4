"""The reference data as the API shows it: WHO regions, member states, organizations."""

from django.utils.text import capfirst
from django.utils.translation import get_language
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.input_fields import serializer_field

from ... import names
from ...models import (
    MemberState,
    Organization,
    WhoRegion,
    member_state_row_name,
)


class WhoRegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = WhoRegion
        fields = ("code", "name", "name_en", "name_fr", "regional_office_city")


def _member_state_field(name):
    label = capfirst(MemberState._meta.get_field(name).verbose_name)
    return serializer_field(MemberState, name, label=label)


class MemberStateSerializer(serializers.Serializer):
    # The one declaration of the list's and the detail's columns, read from `.values()` rows
    # (gidh_portal.listing).
    iso3 = _member_state_field("iso3")
    iso2 = _member_state_field("iso2")
    m49 = _member_state_field("m49")
    name = listing.RowField(
        reads=("iso3", "name_en", "name_fr"), help_text="Name in the request's language."
    )
    name_en = _member_state_field("name_en")
    name_fr = _member_state_field("name_fr")
    who_region = serializers.CharField(source="who_region_id", read_only=True)
    income_group = _member_state_field("income_group")
    url = listing.LinkField("api:member-state-detail", lookup="iso3")

    def get_name(self, row) -> str:
        return member_state_row_name(row, names.language_key(get_language()))


class OrganizationSerializer(serializers.ModelSerializer):
    headquarters = serializers.CharField(source="headquarters_id", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ("id", "name", "acronym", "type", "headquarters", "website")
