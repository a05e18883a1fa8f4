"""Profile submissions as the API shows them, with scores and, once published, benchmarks."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gidh_portal.openapi import OutputModelSerializer

from ...models import (
    IndicatorAnswer,
    ProfileSubmission,
    score_as_phase,
)


class IndicatorAnswerSerializer(OutputModelSerializer):
    indicator = serializers.CharField(source="indicator_id", read_only=True)
    component = serializers.IntegerField(source="indicator.component_id", read_only=True)
    phase = serializers.IntegerField(
        allow_null=True, help_text="1–5; 0 means not available; null means not answered yet."
    )
    evidence_document_url = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorAnswer
        fields = (
            "indicator",
            "component",
            "phase",
            "evidence_note",
            "source_url",
            "evidence_document_url",
            "verification_status",
        )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_evidence_document_url(self, answer):
        if not answer.evidence_document:
            return None
        return self.context["request"].build_absolute_uri(
            reverse(
                "members:profile-evidence-document",
                kwargs={"pk": answer.submission_id, "code": answer.indicator_id},
            )
        )


class ComponentScoreSerializer(serializers.Serializer):
    component = serializers.IntegerField()
    score = serializers.FloatField()
    phase = serializers.IntegerField()


class ProfileSubmissionSerializer(OutputModelSerializer):
    """A profile submission as the API shows it (list items carry the same fields)."""

    member_state = serializers.CharField(source="member_state_id", read_only=True)
    cycle = serializers.IntegerField(source="cycle.year", read_only=True)
    strategy_document_url = serializers.SerializerMethodField()
    component_scores = serializers.SerializerMethodField()
    overall_score = serializers.SerializerMethodField()
    answers = IndicatorAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = ProfileSubmission
        fields = (
            "id",
            "member_state",
            "cycle",
            "status",
            "version",
            "created_at",
            "updated_at",
            *ProfileSubmission.STRATEGY_FIELDS,
            "strategy_document_url",
            *ProfileSubmission.GOVERNANCE_FIELDS,
            "component_scores",
            "overall_score",
            "answers",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_strategy_document_url(self, submission):
        if not submission.strategy_document:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("members:profile-strategy-document", kwargs={"pk": submission.pk})
        )

    @extend_schema_field(ComponentScoreSerializer(many=True))
    def get_component_scores(self, submission):
        return [
            {"component": number, "score": round(score, 2), "phase": score_as_phase(score)}
            for number, score in submission.component_scores().items()
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_overall_score(self, submission):
        score = submission.overall_score()
        return None if score is None else round(score, 2)


class BenchmarkSerializer(serializers.Serializer):
    component = serializers.CharField(help_text='GDHM component number, or "overall".')
    world = serializers.FloatField(allow_null=True)
    region = serializers.FloatField(allow_null=True, help_text="The member state's WHO region.")
    income_group = serializers.FloatField(
        allow_null=True, help_text="The member state's World Bank income group."
    )


class PublishedProfileSerializer(ProfileSubmissionSerializer):
    """A published profile with the GDHM benchmarks beside its scores."""

    benchmarks = serializers.SerializerMethodField(
        help_text="Averages of the published profiles of the member state's WHO region, its "
        "income group and the world, per GDHM component and overall."
    )

    class Meta(ProfileSubmissionSerializer.Meta):
        fields = (*ProfileSubmissionSerializer.Meta.fields, "benchmarks")
        read_only_fields = fields

    @extend_schema_field(BenchmarkSerializer(many=True))
    def get_benchmarks(self, submission):
        return [
            {
                "component": str(key),
                **{name: None if value is None else round(value, 2) for name, value in row.items()},
            }
            for key, row in self.context["benchmarks"].items()
        ]
