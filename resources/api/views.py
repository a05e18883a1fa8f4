import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, parsers, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from gidh_portal.csv_export import stream_csv
from gidh_portal.filters import FilterBackend, read_boolean
from gidh_portal.pagination import PAGE_SIZE_DESCRIPTION
from gidh_portal.parsers import JSONParser
from gidh_portal.renderers import ORJSONRenderer
from gidh_portal.search import search_text
from members.permissions import (
    PRIVILEGED_ACTION,
    IsSecretariat,
    needs_second_factor,
    second_factor_refusal,
)

from .. import services
from ..catalogue import cached_facets, catalogue_fingerprint
from ..filters import ORDERINGS, YEARS, ResourceFilter, ordered
from ..models import Resource
from ..permissions import CanProposeResource, can_review_resource
from .serializers import (
    ResourcePageSerializer,
    ResourceProposeInput,
    ResourceProposeJsonInput,
    ResourceReviewInput,
    ResourceSerializer,
    resource_rows,
)

CSV_COLUMNS = [
    "slug", "title", "kind", "publisher", "publication_year", "languages", "licence", "link",
    "quality_assured", "topics", "member_states", "summary", "url",
]  # fmt: skip


class CsvRenderer(renderers.BaseRenderer):
    """Lets `?format=csv` through content negotiation; the view streams the rows itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"" if data is None else str(data).encode()


def csv_rows(queryset, request):
    for resource in queryset.iterator(chunk_size=500):
        row = [
            resource.slug,
            resource.title,
            resource.kind,
            resource.publisher.name,
            resource.publication_year,
            " ".join(resource.language_codes),
            resource.licence,
            resource.link,
            "yes" if resource.quality_assured else "no",
            " ".join(f"{e.version}:{e.code}" for e in resource.interventions.all()),
            " ".join(state.pk for state in resource.member_states.all()),
            resource.summary,
            request.build_absolute_uri(resource.get_absolute_url()),
        ]
        yield row


# The filters whose values are numbers: record ids, GDHM component numbers, years.
FILTER_VALUE_TYPES = {
    "topic": int,
    "publisher": int,
    "component": int,
    "challenge": int,
    "year": {
        "type": "array",
        "items": {"type": "integer", "minimum": YEARS[-1][0], "maximum": YEARS[0][0]},
    },
}


def _filter_parameters():
    """The FilterSet's filters as OpenAPI parameters (the list response is not a plain list,
    so drf-spectacular cannot infer them)."""
    parameters = []
    for name, field in ResourceFilter.base_filters.items():
        choices = field.extra.get("choices")
        many = not isinstance(field, django_filters.BooleanFilter)
        parameters.append(
            OpenApiParameter(
                name,
                bool if not many else FILTER_VALUE_TYPES.get(name, str),
                many=many and name != "year",
                explode=True,
                enum=[str(value) for value, _label in choices]
                if choices and name != "year"
                else None,
                description=str(field.extra.get("help_text", "")),
            )
        )
    return parameters


LIST_PARAMETERS = [
    *_filter_parameters(),
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="Page number."),
    OpenApiParameter(
        "page_size", {"type": "integer", "minimum": 1}, description=PAGE_SIZE_DESCRIPTION
    ),
    OpenApiParameter("search", str, description="Full-text search (title > summary > body)."),
    OpenApiParameter(
        "ordering",
        str,
        enum=list(ORDERINGS),
        description="relevance (default while searching), newest (default) or title.",
    ),
    OpenApiParameter("facets", bool, description="Add facet counts for the current query."),
    OpenApiParameter(
        "format", str, enum=["json", "csv"], description="csv streams the whole filtered list."
    ),
]


@extend_schema_view(
    list=extend_schema(
        operation_id="resources_list",
        parameters=LIST_PARAMETERS,
        responses={200: ResourcePageSerializer, (200, "text/csv"): OpenApiTypes.STR},
    ),
)
class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Published resources of the catalogue, looked up by slug; proposals and review."""

    serializer_class = ResourceSerializer
    lookup_field = "slug"
    filter_backends = [FilterBackend]
    filterset_class = ResourceFilter
    renderer_classes = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CsvRenderer]

    def get_renderers(self):
        """CSV is the list's export; a single resource or a write answers in JSON."""
        renderers_ = super().get_renderers()
        if self.action == "list":
            return renderers_
        return [r for r in renderers_ if not isinstance(r, CsvRenderer)]

    def get_parsers(self):
        """JSON everywhere; a proposal may instead come as multipart, to carry its PDF."""
        action = getattr(self, "action", None) or self.action_map.get(self.request.method.lower())
        if action == "create":
            return [JSONParser(), parsers.MultiPartParser()]
        return super().get_parsers()

    def get_permissions(self):
        if self.action == "create":
            return [CanProposeResource()]
        if self.action in ("publish", "return_"):
            # Authenticated (and a staff caller's second factor) here; the secretariat check comes
            # after the lookup (`_review`), so a proposal the caller may not see is a 404, as
            # everywhere else.
            return [permission() for permission in PRIVILEGED_ACTION]
        return [AllowAny()]

    def get_queryset(self):
        queryset = Resource.objects.visible_to(self.request.user)
        return queryset.published() if self.action == "list" else queryset

    def retrieve(self, request, *args, **kwargs):
        return Response(self.item(slug=kwargs["slug"]))

    def item(self, **lookup):
        """The JSON of the resource `lookup` finds among those the caller may see."""
        row = get_object_or_404(resource_rows(self.get_queryset()), **lookup)
        return self.get_serializer(row).data

    def list(self, request, *args, **kwargs):
        text = search_text(request)
        ordering = request.query_params.get("ordering")
        if ordering is not None and ordering not in ORDERINGS:
            raise exceptions.ValidationError(
                {"ordering": [_("Choose one of: %s.") % ", ".join(ORDERINGS)]}
            )
        queryset = self.filter_queryset(self.get_queryset()).matching(text)
        queryset, _ordering = ordered(queryset, ordering, searching=bool(text))
        if request.accepted_renderer.format == "csv":
            rows = csv_rows(queryset.with_relations(), request)
            return stream_csv(CSV_COLUMNS, rows, filename="resources.csv")
        facets = read_boolean(request.query_params, "facets")
        fingerprint = catalogue_fingerprint() if text or facets else None
        if text:
            # A search visits every match to sort them: its count comes with the page's ids,
            # and both are cached until the catalogue changes.
            self.count_with_page = resource_rows
            self.search_cache_under = fingerprint
            page = self.paginate_queryset(queryset)
        else:
            page = self.paginate_queryset(resource_rows(queryset))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        if facets:
            response.data["facets"] = cached_facets(queryset, request.query_params, fingerprint)
        return response

    @extend_schema(
        request={
            "application/json": ResourceProposeJsonInput,
            "multipart/form-data": ResourceProposeInput,
        },
        responses={201: ResourceSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Propose a resource (partner members, focal points, secretariat)."""
        multipart = request.content_type.startswith("multipart/")
        data = (ResourceProposeInput if multipart else ResourceProposeJsonInput)(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        languages = values.pop("languages")
        publish = values.pop("publish")
        if publish and needs_second_factor(request.user):
            raise exceptions.PermissionDenied(second_factor_refusal(request))
        values["interventions"] = values.pop("topics")
        resource = services.propose_resource(
            by=request.user, data=values, languages=languages, publish=publish
        )
        return Response(self.item(pk=resource.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=ResourceReviewInput, responses={200: ResourceSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        """Publish a proposed resource (secretariat)."""
        return self._review(request, services.publish_resource)

    @extend_schema(request=ResourceReviewInput, responses={200: ResourceSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, slug=None):
        """Return a proposal to its proposer with a comment (secretariat)."""
        return self._review(request, services.return_resource)

    def _review(self, request, service):
        resource = self.get_object()
        if not can_review_resource(request.user):
            raise exceptions.PermissionDenied(IsSecretariat.message)
        data = ResourceReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        service(resource=resource, by=request.user, comment=data.validated_data["comment"])
        return Response(self.item(pk=resource.pk))
