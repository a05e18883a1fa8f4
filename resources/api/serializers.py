from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.input_fields import serializer_field
from gidh_portal.openapi import OutputModelSerializer
from members.models import GdhmComponent, MemberState, Organization, WhoRegion
from members.workflow import ReviewEvent

from .. import search
from ..forms import validate_pdf
from ..models import (
    LANGUAGE_NAMES,
    LANGUAGES,
    DigitalHealthIntervention,
    HealthSystemChallenge,
    Resource,
)

CATALOGUE_STATUS = {
    "draft": "draft",
    "submitted": "proposed",
    "returned": "returned",
    "approved": "published",
}


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ("id", "name", "acronym")


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = DigitalHealthIntervention
        fields = ("id", "version", "code", "label")


class ChallengeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthSystemChallenge
        fields = ("id", "group", "label")


# The one declaration of a resource's API item, list and detail alike: it reads `.values()` rows
# (`resource_rows`) of `Resource.objects.with_relation_lists()` with a `headline` annotation.
class ResourceSerializer(OutputModelSerializer):
    """A resource of the catalogue: its description, publisher, classifications and status."""

    url = listing.LinkField("api:resource-detail", lookup="slug")
    status = listing.RowField(
        reads=("status",), help_text="proposed, published, returned or draft."
    )
    publisher = listing.RowField(reads=("publisher_id", "publisher__name", "publisher__acronym"))
    languages = serializers.ListField(
        source="language_list", child=serializers.CharField(), help_text="ISO 639-1 codes."
    )
    file_url = listing.RowField(
        reads=("slug", "file"), help_text="Download URL of the PDF, if any."
    )
    highlight = listing.RowField(
        reads=("headline",),
        help_text="With `search`: the summary's matching passages as HTML, matches in <mark>.",
    )
    topics = TopicSerializer(source="topic_list", many=True, read_only=True)
    gdhm_components = serializers.ListField(
        source="component_list",
        child=serializers.IntegerField(min_value=0, max_value=32767),
        read_only=True,
    )
    challenges = ChallengeSerializer(source="challenge_list", many=True, read_only=True)
    member_states = serializers.ListField(
        source="member_state_list",
        child=serializers.CharField(),
        read_only=True,
        help_text="ISO 3166 alpha-3 codes of country experiences.",
    )
    who_regions = serializers.ListField(
        source="region_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Resource
        fields = (
            "slug",
            "url",
            "kind",
            "title",
            "summary",
            "highlight",
            "body",
            "description_language",
            "publisher",
            "publication_year",
            "languages",
            "link",
            "file_url",
            "licence",
            "topics",
            "gdhm_components",
            "challenges",
            "member_states",
            "who_regions",
            "quality_assured",
            "quality_assured_on",
            "status",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=["draft", "proposed", "returned", "published"])
    )
    def get_status(self, row):
        return CATALOGUE_STATUS[row["status"]]

    @extend_schema_field(PublisherSerializer)
    def get_publisher(self, row):
        return {
            "id": row["publisher_id"],
            "name": row["publisher__name"],
            "acronym": row["publisher__acronym"],
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_highlight(self, row):
        highlight = search.marked(row["headline"])
        return str(highlight) if highlight else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file_url(self, row):
        if not row["file"]:
            return None
        path = reverse("resources:resource-download", kwargs={"slug": row["slug"]})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


def with_item_columns(queryset):
    """`queryset` with the annotations `ResourceSerializer` reads: the relations' lists and the
    search's highlight."""
    return queryset.with_relation_lists().annotate(headline=search.headline(queryset))


def resource_rows(queryset):
    """The `ResourceSerializer` rows of `queryset`, with the id by which a search's page puts
    its rows in rank order."""
    return with_item_columns(queryset).values("id", *listing.columns(ResourceSerializer))


class FacetValueSerializer(serializers.Serializer):
    value = serializers.JSONField(help_text="The value to pass back as a filter.")
    label = serializers.CharField()
    count = serializers.IntegerField()


@extend_schema_serializer(many=False)  # already a page: not to be wrapped in another one
class ResourcePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ResourceSerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        required=False,
        help_text="With `facets=true`: kind, topic, language, region, publisher, year, "
        "licence and quality_assured, each a list of values with counts for the current query.",
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
