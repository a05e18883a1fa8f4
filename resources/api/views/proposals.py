"""Proposing a resource, and the secretariat publishing or returning a proposal."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from members.permissions import IsSecretariat, needs_second_factor, second_factor_refusal

from ... import services
from ...permissions import can_review_resource
from ..serializers import (
    ResourceProposeInput,
    ResourceProposeJsonInput,
    ResourceReviewInput,
    ResourceSerializer,
)


class ProposalActions:
    """The resource viewset's writes: a proposal, then its review by the secretariat."""

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
