"""A resource of the catalogue as the API shows it, in lists and alone, and the rows it reads."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.openapi import OutputModelSerializer

from ... import search
from ...models import Resource
from .related import ChallengeSerializer, PublisherSerializer, TopicSerializer

CATALOGUE_STATUS = {
    "draft": "draft",
    "submitted": "proposed",
    "returned": "returned",
    "approved": "published",
}


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
