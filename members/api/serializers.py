from rest_framework import serializers

from ..models import MemberState, Organization, WhoRegion


class WhoRegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = WhoRegion
        fields = ("code", "name", "name_en", "name_fr", "regional_office_city")


class MemberStateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request's language.")
    who_region = serializers.CharField(source="who_region_id", read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:member-state-detail", lookup_field="iso3"
    )

    class Meta:
        model = MemberState
        fields = (
            "iso3",
            "iso2",
            "m49",
            "name",
            "name_en",
            "name_fr",
            "who_region",
            "income_group",
            "url",
        )


class OrganizationSerializer(serializers.ModelSerializer):
    headquarters = serializers.CharField(source="headquarters_id", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ("id", "name", "acronym", "type", "headquarters", "website")
