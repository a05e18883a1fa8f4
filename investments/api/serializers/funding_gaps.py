"""Funding gaps in the API: one declaration of a row (its JSON, CSV row and schema) and the
answer around the rows."""

from rest_framework import serializers

from .fields import money


class FundingGapRowSerializer(serializers.Serializer):
    # A row of `funding_gap_table()` (investments/models/funding_gaps.py), or its totals.

    group = serializers.CharField(allow_null=True, help_text="Region code, component number, ISO3.")
    label = serializers.CharField()
    cost_usd = money()
    committed_usd = money()
    disbursed_usd = money()
    gap_usd = money()
    undisbursed_gap_usd = money()
    cost_rates_missing = serializers.IntegerField()
    commitment_rates_missing = serializers.IntegerField()
    cost_rates_provisional = serializers.IntegerField()
    commitment_rates_provisional = serializers.IntegerField()


class FundingGapsSerializer(serializers.Serializer):
    group_by = serializers.CharField()
    currency = serializers.CharField()
    rows = FundingGapRowSerializer(many=True)
    totals = FundingGapRowSerializer()
    rates_note = serializers.CharField(allow_null=True)
