"""The columns the API's public lists read as plain values (`listing_values()`)."""

from django.db import models
from django.db.models import F
from django.db.models.functions import Cast


def amounts_as_text(names, expressions=None):
    """`<name>_text`: each amount (a field, an annotation or one of `expressions`) as text.
    PostgreSQL writes a numeric at its scale, the cent for money: the text the API's money
    fields give, without a Decimal built, converted and formatted per amount."""
    expressions = expressions or {}
    return {
        f"{name}_text": Cast(expressions.get(name, F(name)), output_field=models.TextField())
        for name in names
    }


PLAN_LISTING_FIELDS = (
    "pk",
    "member_state_id",
    "member_state__name_en",
    "member_state__name_fr",
    "member_state__who_region_id",
    "title",
    "start_year",
    "end_year",
    "currency",
    "strategy_url",
    "status",
    "version",
    "updated_at",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)

PLAN_LISTING_AMOUNTS = (
    "cost",
    "committed",
    "disbursed",
    "gap",
    "undisbursed_gap",
    "cost_usd",
    "committed_usd",
    "disbursed_usd",
    "gap_usd",
    "undisbursed_gap_usd",
)

LISTING_FIELDS = (
    "pk",
    "plan_id",
    "plan__member_state_id",
    "plan__member_state__name_en",
    "plan__member_state__name_fr",
    "plan__currency",
    "priority_id",
    "priority__title",
    "organization_id",
    "organization__name",
    "organization__acronym",
    "kind",
    "in_kind_type",
    "description",
    "currency",
    "year",
    "status",
    "version",
    "pledged_on",
    "committed_on",
    "disbursed_on",
    # Not `rate` and `plan_rate`: whether one is missing shows in the converted amounts
    # (`commitment_list_data`).
    "rate_year",
    "rate_provisional",
    "plan_rate_provisional",
    "verified_at",
)

LISTING_AMOUNTS = (
    "pledged_amount",
    "committed_amount",
    "disbursed_amount",
    "pledged_usd",
    "committed_usd",
    "disbursed_usd",
    "committed_plan",
    "disbursed_plan",
)
