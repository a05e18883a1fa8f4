"""What a member sends to propose a resource or review a proposal."""

from rest_framework import serializers

from gidh_portal.input_fields import serializer_field
from members.models import GdhmComponent, MemberState, Organization, WhoRegion
from members.workflow import ReviewEvent

from ...forms import validate_pdf
from ...models import (
    LANGUAGE_NAMES,
    LANGUAGES,
    DigitalHealthIntervention,
    HealthSystemChallenge,
    Resource,
)


class ResourceProposeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Resource.Kind.choices)
    title = serializer_field(Resource, "title")
    summary = serializer_field(Resource, "summary")
    body = serializer_field(Resource, "body", default="")
    description_language = serializers.ChoiceField(choices=LANGUAGES, default="en")
    publisher = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    publication_year = serializer_field(Resource, "publication_year")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=2),
        min_length=1,
        help_text="ISO 639-1 codes of the languages the resource is available in.",
    )
    link = serializer_field(Resource, "link", default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)
    licence = serializers.ChoiceField(
        choices=Resource.Licence.choices, default=Resource.Licence.CC_BY_NC_SA_3_IGO
    )
    topics = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        default=list,
        queryset=DigitalHealthIntervention.objects.filter(version="v2"),
        help_text="Ids of CDHI v2 entries.",
    )
    gdhm_components = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=GdhmComponent.objects.all()
    )
    challenges = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=HealthSystemChallenge.objects.all()
    )
    member_states = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=MemberState.objects.all()
    )
    who_regions = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=WhoRegion.objects.all()
    )
    publish = serializers.BooleanField(
        default=False, help_text="Secretariat only: publish at once."
    )

    def validate_languages(self, codes):
        unknown = [code for code in codes if code not in LANGUAGE_NAMES]
        if unknown:
            raise serializers.ValidationError(f"Unknown ISO 639-1 code(s): {', '.join(unknown)}.")
        return codes

    def validate_file(self, upload):
        if upload:
            try:
                validate_pdf(upload)
            except Exception as error:  # Django's ValidationError, shown as a field error
                raise serializers.ValidationError(list(error.messages)) from error
        return upload


class ResourceProposeJsonInput(ResourceProposeInput):
    """A proposal sent as JSON, which carries no file: it gives a `link` (a PDF comes as
    multipart/form-data)."""

    file = None


class ResourceReviewInput(serializers.Serializer):
    comment = serializer_field(ReviewEvent, "comment", default="")
