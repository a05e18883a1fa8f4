"""What the profile endpoints accept (one input serializer per operation), and their
conflict answer."""

from rest_framework import serializers

from gidh_portal.input_fields import reference_field, serializer_field

from ...models import (
    GdhmIndicator,
    IndicatorAnswer,
    MemberState,
    Ministry,
    ProfileSubmission,
    Standard,
)
from ...workflow import ReviewEvent


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
