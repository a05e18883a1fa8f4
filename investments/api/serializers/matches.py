"""Matches in the API: an open offer that fits an open priority of a published plan, its score
and its reasons (investments/matching.py)."""

from rest_framework import serializers

from .fields import money

REASON_CODES = ("interventions", "component", "geography", "years", "capacity")


class MatchReasonSerializer(serializers.Serializer):
    # A reason of `Match.reasons`: `code`, `points` and `text` always, the rest by code.
    code = serializers.ChoiceField(choices=REASON_CODES)
    points = serializers.DecimalField(max_digits=5, decimal_places=1)
    text = serializers.CharField(help_text="The reason as a phrase, in the request's language.")
    interventions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Shared CDHI v2 codes."
    )
    component = serializers.IntegerField(required=False, help_text="The shared GDHM component.")
    scope = serializers.ChoiceField(
        choices=("member_state", "region", "everywhere"),
        required=False,
        help_text="Where the offer works: the plan's member state, its WHO region, or anywhere.",
    )
    member_state = serializers.CharField(required=False, help_text="ISO 3166 alpha-3.")
    who_region = serializers.CharField(required=False)
    first_year = serializers.IntegerField(required=False)
    last_year = serializers.IntegerField(required=False)
    covered_years = serializers.IntegerField(
        required=False, help_text="The priority's costed years within the offer's years."
    )
    costed_years = serializers.IntegerField(required=False)
    capacity_usd = money(required=False, allow_null=True)
    gap_usd = money(required=False)


class MatchOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatchOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    organization = MatchOrganizationSerializer()
    capacity_amount = money(allow_null=True)
    currency = serializers.CharField()
    capacity_usd = money(allow_null=True)


class MatchPrioritySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    title = serializers.CharField()
    plan = serializers.IntegerField(source="plan_id")
    member_state = serializers.CharField(source="plan.member_state_id")
    plan_url = serializers.HyperlinkedRelatedField(
        source="plan", view_name="api:investment-plan-detail", read_only=True
    )


class MatchSerializer(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text="0–100: the sum of the reasons' points."
    )
    gap_usd = money(help_text="The priority's remaining gap in USD (stored figures).")
    summary = serializers.CharField(help_text="The reasons as one sentence.")
    reasons = MatchReasonSerializer(many=True)
    offer = MatchOfferSerializer()
    priority = MatchPrioritySerializer()


class MatchListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many fit in all; `results` holds the best.")
    results = MatchSerializer(many=True)
