"""Published resources of the catalogue, listed (JSON or CSV, with facets) and one by one."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, parsers, renderers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from gidh_portal.csv_export import stream_csv
from gidh_portal.filters import FilterBackend, read_boolean
from gidh_portal.parsers import JSONParser
from gidh_portal.renderers import ORJSONRenderer
from gidh_portal.search import search_text
from members.permissions import PRIVILEGED_ACTION

from ...catalogue import is_narrowed, whole_catalogue
from ...filters import ResourceFilter
from ...models import Resource
from ...ordering import ORDERINGS, ordered, publication_year_key
from ...permissions import CanProposeResource
from ..serializers import ResourcePageSerializer, ResourceSerializer, resource_rows
from .csv_export import CSV_COLUMNS, CsvRenderer, csv_rows
from .parameters import LIST_PARAMETERS
from .proposals import ProposalActions


@extend_schema_view(
    list=extend_schema(
        operation_id="resources_list",
        parameters=LIST_PARAMETERS,
        responses={200: ResourcePageSerializer, (200, "text/csv"): OpenApiTypes.STR},
    ),
)
class ResourceViewSet(ProposalActions, viewsets.ReadOnlyModelViewSet):
    """Published resources of the catalogue, looked up by slug; proposals and review."""

    serializer_class = ResourceSerializer
    lookup_field = "slug"
    filter_backends = [FilterBackend]
    filterset_class = ResourceFilter
    renderer_classes = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CsvRenderer]
    # The list without a search pages by keyset past the first rows (a search sets
    # `count_with_page`, which pages by number).
    keyset_keys = {"publication_year": (publication_year_key(),)}
    ids_first = True  # its rows select their relations' arrays: numbered pages read ids first

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
        self.paginator.check_parameters(request)  # the exports are not paged
        text = search_text(request)
        ordering = request.query_params.get("ordering")
        if ordering is not None and ordering not in ORDERINGS:
            raise exceptions.ValidationError(
                {"ordering": [_("Choose one of: %s.") % ", ".join(ORDERINGS)]}
            )
        export = request.accepted_renderer.format == "csv"
        queryset = self.filter_queryset(self.get_queryset()).matching(text, every_match=export)
        queryset, _ordering = ordered(queryset, ordering, searching=bool(text))
        if export:
            rows = csv_rows(queryset.with_relations(), request)
            return stream_csv(CSV_COLUMNS, rows, filename="resources.csv")
        facets = read_boolean(request.query_params, "facets")
        if text:
            # A search ranks, counts and pages its window (its newest `CATALOGUE_WINDOW`
            # matches, read by `matching`): the count comes with the page's ids.
            self.count_with_page = resource_rows
            page = self.paginate_queryset(queryset)
        else:
            page = self.paginate_queryset(resource_rows(queryset))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        if text:
            response.data["window_full"] = response.data["count"] >= settings.CATALOGUE_WINDOW
        if facets and is_narrowed(request.query_params):
            window = queryset if text else queryset.window()
            response.data["facets"] = window.facets()
            if not text:
                response.data["window_full"] = window.count() >= settings.CATALOGUE_WINDOW
        elif facets:
            response.data["facets"], _total = whole_catalogue()
        return response
