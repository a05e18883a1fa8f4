"""National digital health profiles: read, started, edited, submitted and reviewed."""

import django_filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ... import permissions, services
from ...idempotency import idempotent
from ...models import (
    MemberState,
    ProfileSubmission,
    ReportingCycle,
)
from ...workflow import ReviewStatus
from ..serializers import (
    ConflictSerializer,
    ProfileCreateInput,
    ProfileSubmissionSerializer,
    ProfileUpdateInput,
    ReviewCommentInput,
)


class ProfileSubmissionFilter(django_filters.FilterSet):
    member_state = django_filters.CharFilter(
        field_name="member_state_id", help_text="ISO alpha-3 code of the member state."
    )
    cycle = django_filters.NumberFilter(field_name="cycle__year", help_text="Reporting cycle year.")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    who_region = django_filters.ChoiceFilter(
        field_name="member_state__who_region_id",
        choices=[(code, code) for code in ("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")],
        help_text="WHO region code.",
    )

    class Meta:
        model = ProfileSubmission
        fields = ("member_state", "cycle", "status", "who_region")

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("member_state"):
            self.form.cleaned_data["member_state"] = self.form.cleaned_data["member_state"].upper()
        return super().filter_queryset(queryset)


class FullBodyPatchSchema(AutoSchema):
    """PATCH bodies here are not partial serializers: `version` is always required, so the
    schema must not mark every field optional as drf-spectacular does for PATCH by default."""

    def _get_request_for_media_type(self, serializer, direction="request"):
        method, self.method = self.method, "POST"
        try:
            return super()._get_request_for_media_type(serializer, direction)
        finally:
            self.method = method


CONFLICT = OpenApiResponse(ConflictSerializer, description="Illegal transition or stale version.")


@extend_schema_view(
    list=extend_schema(summary="Profile submissions the caller may see"),
    retrieve=extend_schema(summary="One profile submission"),
)
class ProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """National digital health profiles. The public and partners see published profiles; a focal
    point also sees their own country's drafts and history; the secretariat sees everything."""

    serializer_class = ProfileSubmissionSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = ProfileSubmissionFilter
    schema = FullBodyPatchSchema()
    ordering_fields = ("updated_at", "member_state", "cycle__year")
    ordering = ("-cycle__year", "member_state")
    search_fields = ()

    def get_queryset(self):
        return ProfileSubmission.objects.visible_to(self.request.user).with_answers()

    @extend_schema(
        summary="Start a draft for the caller's own member state",
        request=ProfileCreateInput,
        responses={201: ProfileSubmissionSerializer, 400: None, 403: None},
    )
    @idempotent
    def create(self, request):
        data = ProfileCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        iso3 = (data.validated_data.get("member_state") or user.member_state_id or "").upper()
        member_state = MemberState.objects.filter(iso3=iso3).first()
        if member_state is None or not permissions.can_create_profile(user, member_state):
            raise exceptions.PermissionDenied(
                "Only a focal point may start a profile, for their own member state."
            )
        year = data.validated_data.get("cycle")
        cycle = (
            ReportingCycle.objects.filter(year=year).first()
            if year
            else ReportingCycle.objects.current()
        )
        if cycle is None:
            raise exceptions.ValidationError({"cycle": ["No such reporting cycle."]})
        submission = services.start_profile(member_state=member_state, cycle=cycle, by=user)
        return Response(self._output(submission.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a draft (send the version it is based on)",
        request=ProfileUpdateInput,
        responses={
            200: ProfileSubmissionSerializer,
            400: None,
            403: None,
            404: None,
            409: CONFLICT,
        },
    )
    def partial_update(self, request, pk=None):
        submission = self.get_object()
        if not permissions.is_focal_point_of(request.user, submission.member_state_id):
            raise exceptions.PermissionDenied("Only the member state's focal points edit it.")
        data = ProfileUpdateInput(data=request.data, partial=False)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        answers = {answer.pop("indicator"): answer for answer in values.pop("answers", None) or []}
        services.update_profile(
            submission=submission, by=request.user, version=version, fields=values, answers=answers
        )
        return Response(self._output(submission.pk))

    def _output(self, pk):
        submission = ProfileSubmission.objects.with_answers().get(pk=pk)
        return self.get_serializer(submission).data

    def _transition(self, request, service, *, allowed, **extra):
        submission = self.get_object()
        if not allowed(request.user, submission):
            raise exceptions.PermissionDenied()
        service(submission=submission, by=request.user, **extra)
        return Response(self._output(submission.pk))

    @extend_schema(
        summary="Submit a draft for review",
        request=None,
        responses={200: ProfileSubmissionSerializer, 400: None, 403: None, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(
            request, services.submit_profile, allowed=permissions.can_submit_profile
        )

    @extend_schema(
        summary="Approve a submitted profile (secretariat)",
        request=ReviewCommentInput,
        responses={200: ProfileSubmissionSerializer, 403: None, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], permission_classes=permissions.PRIVILEGED_ACTION)
    def approve(self, request, pk=None):
        data = ReviewCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._transition(
            request,
            services.approve_profile,
            allowed=permissions.can_review_profile,
            comment=data.validated_data["comment"],
        )

    @extend_schema(
        summary="Return a submitted profile with a comment (secretariat)",
        request=ReviewCommentInput,
        responses={200: ProfileSubmissionSerializer, 400: None, 403: None, 409: CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        permission_classes=permissions.PRIVILEGED_ACTION,
    )
    def return_(self, request, pk=None):
        data = ReviewCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._transition(
            request,
            services.return_profile,
            allowed=permissions.can_review_profile,
            comment=data.validated_data["comment"],
        )
