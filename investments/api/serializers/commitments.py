"""Commitments in the API: the list's one declaration (its item, CSV row, schema and benchmark
floor, gidh_portal/listing.py) and the inputs of each write."""

from django.utils.translation import get_language, gettext
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.input_fields import serializer_field
from members import names
from members.models import member_state_row_name

from ...models import Commitment, InvestmentPlan, Priority
from .fields import RATE_PROVISIONAL_HELP, RATE_YEAR_HELP, column, currency_code, money


def _column(name):
    return column(Commitment, name)


def _key(name, *, help_text):
    """The primary key a commitment's foreign key `name` holds."""
    field = Commitment._meta.get_field(name)
    return serializers.IntegerField(
        source=f"{name}_id",
        required=not field.null,
        allow_null=field.null,
        help_text=field.help_text or help_text,
    )


class CommitmentSerializer(serializers.Serializer):
    # A commitment, in the list and in its detail: a row of `listed_commitments()`
    # (investments/selectors.py). Adding a field to the list (JSON, CSV, schema, the
    # benchmark's floor) is one line here.

    id = serializers.IntegerField(read_only=True, help_text="Commitment id.")
    url = listing.LinkField("api:commitment-detail", lookup="id", url_kwarg="pk")
    plan = _key("plan", help_text="Id of the investment plan supported.")
    member_state = serializers.CharField(
        source="plan__member_state_id",
        read_only=True,
        help_text="ISO 3166 alpha-3 code of the plan.",
    )
    plan_currency = serializers.CharField(
        source="plan__currency", read_only=True, help_text="ISO 4217 code of the plan currency."
    )
    priority = _key("priority", help_text="Id of the priority supported; empty: the whole plan.")
    priority_title = serializers.CharField(
        source="priority__title", read_only=True, allow_null=True, help_text="Priority title."
    )
    organization = _key(
        "organization", help_text="Id of the committing organization; empty: domestic funding."
    )
    organization_name = serializers.CharField(
        source="organization__name",
        read_only=True,
        allow_null=True,
        help_text="Name of the committing organization.",
    )
    source = listing.RowField(
        reads=(
            "organization_id",
            "organization__name",
            "organization__acronym",
            "plan__member_state_id",
            "plan__member_state__name_en",
            "plan__member_state__name_fr",
        ),
        help_text="The organization, or the government of the plan country (domestic funding).",
    )
    is_domestic = serializers.BooleanField(
        read_only=True, help_text="True for the government's own funding."
    )
    kind = _column("kind")
    in_kind_type = _column("in_kind_type")
    description = _column("description")
    currency = _column("currency")
    year = _column("year")
    status = _column("status")
    version = _column("version")
    pledged_amount = _column("pledged_amount")
    pledged_on = _column("pledged_on")
    committed_amount = _column("committed_amount")
    committed_on = _column("committed_on")
    disbursed_amount = _column("disbursed_amount")
    disbursed_on = _column("disbursed_on")
    pledged_usd = money(
        allow_null=True, help_text="Pledged amount in US dollars (null: rate missing)."
    )
    committed_usd = money(
        allow_null=True, help_text="Committed amount in US dollars (null: rate missing)."
    )
    disbursed_usd = money(
        allow_null=True, help_text="Disbursed amount in US dollars (null: rate missing)."
    )
    committed_plan = money(
        allow_null=True, help_text="Committed amount in the plan currency (null: rate missing)."
    )
    disbursed_plan = money(
        allow_null=True, help_text="Disbursed amount in the plan currency (null: rate missing)."
    )
    rate_missing = serializers.BooleanField(
        read_only=True,
        help_text="True when a rate of the commitment's or plan's currency is missing.",
    )
    rate_year = serializers.IntegerField(read_only=True, allow_null=True, help_text=RATE_YEAR_HELP)
    rate_provisional = serializers.BooleanField(read_only=True, help_text=RATE_PROVISIONAL_HELP)
    plan_rate_provisional = serializers.BooleanField(
        read_only=True,
        help_text="True when the amounts in the plan currency are converted at an earlier "
        "year's rate of either currency (provisional).",
    )
    is_verified = serializers.BooleanField(
        read_only=True, help_text="True once the secretariat verified the commitment."
    )
    verified_at = _column("verified_at")

    def get_source(self, row) -> str:
        # The committing organization, or the plan country's government (domestic funding).
        if row["organization_id"] is None:
            state = {
                "iso3": row["plan__member_state_id"],
                "name_en": row["plan__member_state__name_en"],
                "name_fr": row["plan__member_state__name_fr"],
            }
            country = member_state_row_name(state, names.language_key(get_language()))
            return gettext("Government of %(country)s (domestic funding)") % {"country": country}
        name, acronym = row["organization__name"], row["organization__acronym"]
        return f"{name} ({acronym})" if acronym else name


class CommitmentCreateInput(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=InvestmentPlan.objects.published())
    priority = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.published(), required=False, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=Commitment.Kind.choices)
    in_kind_type = serializers.ChoiceField(
        choices=Commitment.InKindType.choices, required=False, allow_blank=True, default=""
    )
    description = serializer_field(Commitment, "description", default="")
    currency = currency_code()
    year = serializer_field(Commitment, "year")
    amount = serializer_field(Commitment, "pledged_amount")
    pledged_on = serializers.DateField(required=False, allow_null=True, default=None)


class CommitmentAdvanceInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The commitment version your change is based on.")
    amount = serializer_field(Commitment, "committed_amount", required=True, allow_null=False)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class CommitmentVerifyInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The commitment version you verified.")
