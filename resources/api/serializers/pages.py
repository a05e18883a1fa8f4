"""A page of resources with its optional facets: the shape of the list endpoint's answer."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from .items import ResourceSerializer


class FacetValueSerializer(serializers.Serializer):
    value = serializers.JSONField(help_text="The value to pass back as a filter.")
    label = serializers.CharField()
    count = serializers.IntegerField()


@extend_schema_serializer(many=False)  # already a page: not to be wrapped in another one
class ResourcePageSerializer(serializers.Serializer):
    # A page number's page; a `?cursor=` page has no count, page number or previous link.
    count = serializers.IntegerField(required=False)
    page = serializers.IntegerField(required=False)
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True, required=False)
    results = ResourceSerializer(many=True)
    window_full = serializers.BooleanField(
        required=False,
        help_text="With a search, or facets of a filtered list: whether the window of the "
        "1,000 newest matches is full. A search ranks, counts and pages those 1,000 only, and "
        "facet counts of a search or filtered list count them: when true, more may match "
        "(`count` is then a lower bound).",
    )
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        required=False,
        help_text="With `facets=true`: kind, topic, language, region, publisher, year, "
        "licence and quality_assured, each a list of values with counts for the current query.",
    )
