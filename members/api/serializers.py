from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.input_fields import reference_field, serializer_field
from gidh_portal.openapi import OutputModelSerializer

from .. import names
from ..models import (
    GdhmIndicator,
    IndicatorAnswer,
    MemberState,
    Ministry,
    Organization,
    ProfileSubmission,
    Standard,
    WhoRegion,
    member_state_row_name,
    score_as_phase,
)
from ..workflow import ReviewEvent


class WhoRegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = WhoRegion
        fields = ("code", "name", "name_en", "name_fr", "regional_office_city")


def _member_state_field(name):
    label = capfirst(MemberState._meta.get_field(name).verbose_name)
    return serializer_field(MemberState, name, label=label)


class MemberStateSerializer(serializers.Serializer):
    # The one declaration of the list's and the detail's columns, read from `.values()` rows
    # (gidh_portal.listing).
    iso3 = _member_state_field("iso3")
    iso2 = _member_state_field("iso2")
    m49 = _member_state_field("m49")
    name = listing.RowField(
        reads=("iso3", "name_en", "name_fr"), help_text="Name in the request's language."
    )
    name_en = _member_state_field("name_en")
    name_fr = _member_state_field("name_fr")
    who_region = serializers.CharField(source="who_region_id", read_only=True)
    income_group = _member_state_field("income_group")
    url = listing.LinkField("api:member-state-detail", lookup="iso3")

    def get_name(self, row) -> str:
        return member_state_row_name(row, names.language_key(get_language()))


class OrganizationSerializer(serializers.ModelSerializer):
    headquarters = serializers.CharField(source="headquarters_id", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ("id", "name", "acronym", "type", "headquarters", "website")


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


class ProfileCreateInput(serializers.Serializer):
    member_state = reference_field(
        MemberState,
        "iso3",
        required=False,
        help_text="ISO alpha-3; defaults to the caller's own member state.",
    )
    cycle = serializers.IntegerField(
        required=False, help_text="Year of the reporting cycle; defaults to the current one."
    )


class IndicatorAnswerInput(serializers.Serializer):
    indicator = reference_field(GdhmIndicator, "code")
    phase = serializers.IntegerField(min_value=0, max_value=5, allow_null=True, required=False)
    evidence_note = serializer_field(IndicatorAnswer, "evidence_note")
    source_url = serializer_field(IndicatorAnswer, "source_url")


def _profile_field(name):
    return serializer_field(ProfileSubmission, name, required=False)


class ProfileUpdateInput(serializers.Serializer):
    """A partial edit of a draft; `version` is the version the edit is based on."""

    version = serializers.IntegerField(min_value=1)
    strategy_status = _profile_field("strategy_status")
    strategy_title = _profile_field("strategy_title")
    strategy_start_year = _profile_field("strategy_start_year")
    strategy_end_year = _profile_field("strategy_end_year")
    strategy_adopted_on = _profile_field("strategy_adopted_on")
    strategy_responsible_body = _profile_field("strategy_responsible_body")
    strategy_url = _profile_field("strategy_url")
    strategy_is_costed = _profile_field("strategy_is_costed")
    strategy_aligned_with_global_strategy = _profile_field("strategy_aligned_with_global_strategy")
    coordination_body_exists = _profile_field("coordination_body_exists")
    coordination_body_name = _profile_field("coordination_body_name")
    coordination_ministries = serializers.ListField(
        child=serializers.ChoiceField(choices=Ministry.choices), required=False
    )
    coordination_ministries_other = _profile_field("coordination_ministries_other")
    digital_health_unit_exists = _profile_field("digital_health_unit_exists")
    data_protection_law_in_force = _profile_field("data_protection_law_in_force")
    data_protection_law_name = _profile_field("data_protection_law_name")
    data_protection_law_year = _profile_field("data_protection_law_year")
    interoperability_framework_exists = _profile_field("interoperability_framework_exists")
    standards_adopted = serializers.ListField(
        child=serializers.ChoiceField(choices=Standard.choices), required=False
    )
    standards_other = _profile_field("standards_other")
    answers = IndicatorAnswerInput(many=True, required=False)


class ReviewCommentInput(serializers.Serializer):
    comment = serializer_field(ReviewEvent, "comment", default="")


class ConflictSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField()
    current_version = serializers.IntegerField(required=False)
