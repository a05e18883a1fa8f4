"""Output serializers (read) and input serializers named for each write of the investments API.

Amounts are decimal strings (exact); `*_usd` figures leave out rows whose rate is missing and
`*_rates_missing` counts them; rows converted at an earlier year's rate (past the currency's
last published one) are counted in and `*_rates_provisional` counts them (docs/money.md).
"""

import copy
import datetime
from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import ISO_8601, serializers
from rest_framework.reverse import reverse as api_reverse
from rest_framework.settings import api_settings

from gidh_portal.input_fields import reference_field, serializer_field
from members import names
from members.models import GdhmComponent, MemberState, member_state_row_name
from members.workflow import ReviewEvent
from resources.models import DigitalHealthIntervention

from .. import permissions
from ..models import (
    MONEY,
    Commitment,
    InvestmentPlan,
    Priority,
    PriorityCost,
    TransparencyReport,
    validate_currency_code,
)

RATES_MISSING_NOTE = _(
    "Rate missing: %(count)s amount(s) have no exchange rate for their currency and year; "
    "they are left out of the USD totals."
)
RATES_PROVISIONAL_NOTE = _(
    "Provisional: %(count)s amount(s) are converted at the latest published rate of an earlier "
    "year (their year's rate is not published yet); the USD totals change when it is."
)


def _money(**kwargs):
    return serializers.DecimalField(**MONEY, read_only=True, **kwargs)


def rates_note(costs_missing, commitments_missing, costs_provisional=0, commitments_provisional=0):
    """What the figures' `*_rates_missing` and `*_rates_provisional` counts mean, or None."""
    missing = (costs_missing or 0) + (commitments_missing or 0)
    provisional = (costs_provisional or 0) + (commitments_provisional or 0)
    notes = []
    if missing:
        notes.append(str(RATES_MISSING_NOTE % {"count": missing}))
    if provisional:
        notes.append(str(RATES_PROVISIONAL_NOTE % {"count": provisional}))
    return " ".join(notes) or None


RATE_YEAR_HELP = "The year of the exchange rate that converted the amounts (null: rate missing)."
RATE_PROVISIONAL_HELP = (
    "True when the amounts in USD are converted at an earlier year's rate (the latest "
    "published one, the year's own is not published yet): they change when it is."
)


class FiguresMixin(serializers.Serializer):
    cost = _money(help_text="Total cost in the plan currency.")
    committed = _money(help_text="Verified committed support, in the plan currency.")
    disbursed = _money(help_text="Verified disbursed support, in the plan currency.")
    gap = _money(help_text="cost − committed, in the plan currency (negative if over-funded).")
    undisbursed_gap = _money(help_text="cost − disbursed, in the plan currency.")
    cost_usd = _money()
    committed_usd = _money()
    disbursed_usd = _money()
    gap_usd = _money()
    undisbursed_gap_usd = _money()
    cost_rates_missing = serializers.IntegerField(
        read_only=True, help_text="Yearly costs left out of USD totals: no exchange rate."
    )
    commitment_rates_missing = serializers.IntegerField(
        read_only=True, help_text="Commitments left out of converted totals: no exchange rate."
    )
    cost_rates_provisional = serializers.IntegerField(
        read_only=True,
        help_text="Yearly costs in the USD totals at an earlier year's rate (provisional).",
    )
    commitment_rates_provisional = serializers.IntegerField(
        read_only=True,
        help_text="Commitments in the converted totals at an earlier year's rate (provisional).",
    )
    rates_note = serializers.SerializerMethodField()

    def get_rates_note(self, obj) -> str | None:
        return rates_note(
            obj.cost_rates_missing,
            obj.commitment_rates_missing,
            obj.cost_rates_provisional,
            obj.commitment_rates_provisional,
        )


class PriorityCostSerializer(serializers.ModelSerializer):
    amount_usd = _money(allow_null=True, help_text="Null when the rate is missing.")
    rate_missing = serializers.SerializerMethodField()
    rate_year = serializers.IntegerField(read_only=True, allow_null=True, help_text=RATE_YEAR_HELP)
    rate_provisional = serializers.BooleanField(read_only=True, help_text=RATE_PROVISIONAL_HELP)

    class Meta:
        model = PriorityCost
        fields = ("year", "amount", "amount_usd", "rate_missing", "rate_year", "rate_provisional")

    def get_rate_missing(self, obj) -> bool:
        return obj.rate is None


class InterventionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DigitalHealthIntervention
        fields = ("version", "code", "label")


class PrioritySerializer(FiguresMixin, serializers.ModelSerializer):
    component = serializers.IntegerField(source="component_id", read_only=True)
    component_name = serializers.CharField(source="component.name", read_only=True)
    interventions = InterventionSerializer(many=True, read_only=True)
    costs = PriorityCostSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = (
            "id",
            "rank",
            "title",
            "component",
            "component_name",
            "interventions",
            "description",
            "implementing_agency",
            "costs",
            *FiguresMixin._declared_fields,
        )


class InvestmentPlanSerializer(FiguresMixin, serializers.ModelSerializer):
    member_state = serializers.CharField(source="member_state_id", read_only=True)
    member_state_name = serializers.CharField(source="member_state.name", read_only=True)
    who_region = serializers.CharField(source="member_state.who_region_id", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:investment-plan-detail")
    page = serializers.SerializerMethodField()

    class Meta:
        model = InvestmentPlan
        fields = (
            "id",
            "url",
            "page",
            "member_state",
            "member_state_name",
            "who_region",
            "title",
            "start_year",
            "end_year",
            "currency",
            "strategy_url",
            "status",
            "version",
            "updated_at",
            *FiguresMixin._declared_fields,
        )

    def get_page(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class InvestmentPlanDetailSerializer(InvestmentPlanSerializer):
    priorities = PrioritySerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(InvestmentPlanSerializer.Meta):
        fields = (*InvestmentPlanSerializer.Meta.fields, "summary", "priorities", "allowed_actions")

    def get_allowed_actions(self, obj) -> list[str]:
        user = self.context["request"].user
        actions = []
        if permissions.can_edit_plan(user, obj):
            actions.append("edit")
        if permissions.can_submit_plan(user, obj):
            actions.append("submit")
        if permissions.can_review_plan(user, obj):
            actions += ["approve", "return"]
        if permissions.can_record_commitment(user, obj):
            actions.append("commit")
        return actions


class CommitmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")
    member_state = serializers.CharField(source="plan.member_state_id", read_only=True)
    plan_currency = serializers.CharField(source="plan.currency", read_only=True)
    priority_title = serializers.CharField(
        source="priority.title", read_only=True, allow_null=True, default=None
    )
    organization_name = serializers.CharField(
        source="organization.name", read_only=True, allow_null=True, default=None
    )
    source = serializers.CharField(source="source_name", read_only=True)
    is_domestic = serializers.BooleanField(read_only=True)
    is_verified = serializers.BooleanField(read_only=True)
    pledged_usd = _money(allow_null=True)
    committed_usd = _money(allow_null=True)
    disbursed_usd = _money(allow_null=True)
    committed_plan = _money(
        allow_null=True, help_text="Committed amount in the plan currency (null: rate missing)."
    )
    disbursed_plan = _money(allow_null=True)
    rate_missing = serializers.SerializerMethodField()
    rate_year = serializers.IntegerField(read_only=True, allow_null=True, help_text=RATE_YEAR_HELP)
    rate_provisional = serializers.BooleanField(read_only=True, help_text=RATE_PROVISIONAL_HELP)
    plan_rate_provisional = serializers.BooleanField(
        read_only=True,
        help_text="True when the amounts in the plan currency are converted at an earlier "
        "year's rate of either currency (provisional).",
    )

    class Meta:
        model = Commitment
        fields = (
            "id",
            "url",
            "plan",
            "member_state",
            "plan_currency",
            "priority",
            "priority_title",
            "organization",
            "organization_name",
            "source",
            "is_domestic",
            "kind",
            "in_kind_type",
            "description",
            "currency",
            "year",
            "status",
            "version",
            "pledged_amount",
            "pledged_on",
            "committed_amount",
            "committed_on",
            "disbursed_amount",
            "disbursed_on",
            "pledged_usd",
            "committed_usd",
            "disbursed_usd",
            "committed_plan",
            "disbursed_plan",
            "rate_missing",
            "rate_year",
            "rate_provisional",
            "plan_rate_provisional",
            "is_verified",
            "verified_at",
        )

    def get_rate_missing(self, obj) -> bool:
        return obj.rate is None or obj.plan_rate is None


@cache
def serializer_fields(serializer_class):
    """The fields of a serializer, built once per process (and settings): the lists format
    amounts, dates and times with them. Building a model serializer's fields (model field
    introspection, a deep copy of the declared ones) cost more than formatting a page; the
    formatting fields read nothing from a request, and what they take from the settings at
    construction is rebuilt when the REST framework's settings change."""
    return serializer_class().fields


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting == "REST_FRAMEWORK":
        serializer_fields.cache_clear()


def plan_list_data(rows, *, request):
    """`InvestmentPlanSerializer(many=True).data` for `InvestmentPlan.objects.with_totals()
    .listing_values()` rows: the same JSON built from plain rows (amounts and times through the
    serializer's own fields, so they are formatted alike)."""
    fields = serializer_fields(InvestmentPlanSerializer)
    money = _money_text(fields, PLAN_MONEY_FIELDS)
    date_time = _in_current_time_zone(fields["updated_at"])
    placeholder = "987654321"
    # As the hyperlinked field: DRF's reverse() keeps a `?format=` of the request. Both links
    # are reversed once, each plan's id put in the placeholder's place.
    detail = api_reverse("api:investment-plan-detail", kwargs={"pk": placeholder}, request=request)
    page = request.build_absolute_uri(
        reverse("investments:plan-detail", kwargs={"pk": placeholder})
    )
    detail_before, _, detail_after = detail.rpartition(placeholder)
    page_before, _, page_after = page.rpartition(placeholder)
    language = names.language_key(get_language())
    state_names = {}
    notes = {}
    data = []
    for row in rows:
        pk = row["pk"]
        iso3 = row["member_state_id"]
        name = state_names.get(iso3)
        if name is None:
            state = {
                "iso3": iso3,
                "name_en": row["member_state__name_en"],
                "name_fr": row["member_state__name_fr"],
            }
            name = state_names[iso3] = member_state_row_name(state, language)
        counts = (
            row["cost_rates_missing"],
            row["commitment_rates_missing"],
            row["cost_rates_provisional"],
            row["commitment_rates_provisional"],
        )
        if counts not in notes:
            notes[counts] = rates_note(*counts)
        data.append(
            {
                "id": pk,
                "url": f"{detail_before}{pk}{detail_after}",
                "page": f"{page_before}{pk}{page_after}",
                "member_state": iso3,
                "member_state_name": name,
                "who_region": row["member_state__who_region_id"],
                "title": row["title"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "currency": row["currency"],
                "strategy_url": row["strategy_url"],
                "status": row["status"],
                "version": row["version"],
                "updated_at": date_time(row["updated_at"]),
                "cost": money("cost", row["cost_text"]),
                "committed": money("committed", row["committed_text"]),
                "disbursed": money("disbursed", row["disbursed_text"]),
                "gap": money("gap", row["gap_text"]),
                "undisbursed_gap": money("undisbursed_gap", row["undisbursed_gap_text"]),
                "cost_usd": money("cost_usd", row["cost_usd_text"]),
                "committed_usd": money("committed_usd", row["committed_usd_text"]),
                "disbursed_usd": money("disbursed_usd", row["disbursed_usd_text"]),
                "gap_usd": money("gap_usd", row["gap_usd_text"]),
                "undisbursed_gap_usd": money(
                    "undisbursed_gap_usd", row["undisbursed_gap_usd_text"]
                ),
                "cost_rates_missing": counts[0],
                "commitment_rates_missing": counts[1],
                "cost_rates_provisional": counts[2],
                "commitment_rates_provisional": counts[3],
                "rates_note": notes[counts],
            }
        )
    return data


PLAN_MONEY_FIELDS = (
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


def commitment_list_data(rows, *, request):
    """`CommitmentSerializer(many=True).data` for `Commitment.objects.listing_values()` rows:
    the same JSON built from plain rows, without model instances and related objects (the
    amounts, dates and times go through the serializer's own fields, so they are formatted
    alike)."""
    fields = serializer_fields(CommitmentSerializer)
    money = _money_text(fields, LIST_MONEY_FIELDS)
    date = _date_text(fields["pledged_on"])
    date_time = _in_current_time_zone(fields["verified_at"])
    placeholder = "987654321"
    # As the hyperlinked field: DRF's reverse() keeps a `?format=` of the request. Reversed
    # once, each commitment's id put in the placeholder's place.
    detail = api_reverse("api:commitment-detail", kwargs={"pk": placeholder}, request=request)
    detail_before, _, detail_after = detail.rpartition(placeholder)
    language = names.language_key(get_language())
    states = {}
    data = []
    for row in rows:
        pk = row["pk"]
        organization_id = row["organization_id"]
        if organization_id is None:
            iso3 = row["plan__member_state_id"]
            if iso3 not in states:
                state = {
                    "iso3": iso3,
                    "name_en": row["plan__member_state__name_en"],
                    "name_fr": row["plan__member_state__name_fr"],
                }
                states[iso3] = gettext("Government of %(country)s (domestic funding)") % {
                    "country": member_state_row_name(state, language)
                }
            source = states[iso3]
            organization_name = None
        else:
            organization_name = row["organization__name"]
            acronym = row["organization__acronym"]
            source = f"{organization_name} ({acronym})" if acronym else organization_name
        priority_title = row["priority__title"]
        verified_at = row["verified_at"]
        values = {
            "id": pk,
            "url": f"{detail_before}{pk}{detail_after}",
            "plan": row["plan_id"],
            "member_state": row["plan__member_state_id"],
            "plan_currency": row["plan__currency"],
            "priority": row["priority_id"],
            "priority_title": None if priority_title is None else priority_title,
            "organization": organization_id,
            "organization_name": organization_name,
            "source": source,
            "is_domestic": organization_id is None,
            "kind": row["kind"],
            "in_kind_type": row["in_kind_type"],
            "description": row["description"],
            "currency": row["currency"],
            "year": row["year"],
            "status": row["status"],
            "version": row["version"],
            "pledged_amount": money("pledged_amount", row["pledged_amount_text"]),
            "pledged_on": date(row["pledged_on"]),
            "committed_amount": money("committed_amount", row["committed_amount_text"]),
            "committed_on": _date_value(date, row["committed_on"]),
            "disbursed_amount": money("disbursed_amount", row["disbursed_amount_text"]),
            "disbursed_on": _date_value(date, row["disbursed_on"]),
            "pledged_usd": money("pledged_usd", row["pledged_usd_text"]),
            "committed_usd": money("committed_usd", row["committed_usd_text"]),
            "disbursed_usd": money("disbursed_usd", row["disbursed_usd_text"]),
            "committed_plan": money("committed_plan", row["committed_plan_text"]),
            "disbursed_plan": money("disbursed_plan", row["disbursed_plan_text"]),
            # committed_usd (of a COALESCEd amount) is null exactly when the commitment's
            # rate is missing, committed_plan when that rate or the plan's is (the plan's
            # currency being another): `get_rate_missing()` without reading the two rates.
            "rate_missing": row["committed_usd_text"] is None or row["committed_plan_text"] is None,
            "rate_year": row["rate_year"],
            "rate_provisional": row["rate_provisional"],
            "plan_rate_provisional": row["plan_rate_provisional"],
            "is_verified": verified_at is not None,
            "verified_at": None if verified_at is None else date_time(verified_at),
        }
        data.append(values)
    return data


LIST_MONEY_FIELDS = (
    "pledged_amount",
    "committed_amount",
    "disbursed_amount",
    "pledged_usd",
    "committed_usd",
    "disbursed_usd",
    "committed_plan",
    "disbursed_plan",
)


# Characters of an amount's text at most (digits and the point; a sign comes on top).
MONEY_TEXT_LENGTH = MONEY["max_digits"] + 1


def _money_text(fields, names):
    """`text(name, amount)`: an amount (a Decimal, or the database's text of one) as the
    serializer's money field `name` writes it."""
    money = {name: fields[name].to_representation for name in names}

    def text(name, value):
        if value is None:
            return None
        text = value if value.__class__ is str else f"{value:f}"
        # Already at the cent and within max_digits: the text the field's quantize gives. (A
        # leading zero counts as a digit here: "0.05" may take the field's path, never a
        # wrong one.)
        if text[-3:-2] == "." and len(text) <= MONEY_TEXT_LENGTH + (text[0] == "-"):
            return text
        return money[name](value)

    return text


def _in_current_time_zone(field):
    """`field.to_representation` for a list's date-times, the current time zone looked up once
    (DRF's `DateTimeField` looks it up at every value) rather than per row; in ISO 8601 (the
    REST framework's default), an aware time is converted and written as the field does
    without its checks per value."""
    if not hasattr(field, "timezone"):
        field = copy.copy(field)
        field.timezone = field.default_timezone()
    zone = field.timezone
    if zone is None or not _in_iso_8601(field, api_settings.DATETIME_FORMAT):
        return field.to_representation

    def text(value):
        if value.utcoffset() is None:  # naive: the field's own rules
            return field.to_representation(value)
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:  # the field's own error
            return field.to_representation(value)
        return f"{text[:-6]}Z" if text.endswith("+00:00") else text

    return text


def _date_text(field):
    """`field.to_representation` for a list's dates: in ISO 8601 (the REST framework's
    default), the date's `isoformat()`, as the field writes it."""
    if _in_iso_8601(field, api_settings.DATE_FORMAT):
        return datetime.date.isoformat
    return field.to_representation


def _in_iso_8601(field, default):
    return (getattr(field, "format", default) or "").lower() == ISO_8601


def _date_value(date, value):
    return None if value is None else date(value)


class FundingGapRowSerializer(serializers.Serializer):
    group = serializers.CharField(allow_null=True, help_text="Region code, component number, ISO3.")
    label = serializers.CharField()
    cost_usd = _money()
    committed_usd = _money()
    disbursed_usd = _money()
    gap_usd = _money()
    undisbursed_gap_usd = _money()
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


def funding_gaps_data(body):
    """`FundingGapsSerializer(body).data`: the same JSON through the row serializer's fields,
    built once per process (the nested serializers copied every field at each request)."""
    fields = serializer_fields(FundingGapRowSerializer)

    def row_data(row):
        return {
            name: None if row[name] is None else field.to_representation(row[name])
            for name, field in fields.items()
        }

    note = body["rates_note"]
    return {
        "group_by": str(body["group_by"]),
        "currency": str(body["currency"]),
        "rows": [row_data(row) for row in body["rows"]],
        "totals": row_data(body["totals"]),
        "rates_note": None if note is None else str(note),
    }


# --- inputs ------------------------------------------------------------------------------------

CURRENCY_FORMAT = _("Enter an ISO 4217 currency code: three letters, e.g. KES.")


def _currency(**kwargs):
    return serializers.RegexField(
        r"^[A-Za-z]{3}$",
        validators=[validate_currency_code],
        error_messages={"invalid": CURRENCY_FORMAT},
        help_text="ISO 4217 code, e.g. KES.",
        **kwargs,
    )


class PlanCreateInput(serializers.Serializer):
    member_state = reference_field(
        MemberState,
        "iso3",
        required=False,
        help_text="ISO3; defaults to the focal point's own member state.",
    )
    title = serializer_field(InvestmentPlan, "title")
    start_year = serializer_field(InvestmentPlan, "start_year")
    end_year = serializer_field(InvestmentPlan, "end_year")
    currency = _currency()
    strategy_url = serializer_field(InvestmentPlan, "strategy_url", default="")
    summary = serializer_field(InvestmentPlan, "summary", default="")


class PlanUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version your edit is based on.")
    title = serializer_field(InvestmentPlan, "title", required=False)
    start_year = serializer_field(InvestmentPlan, "start_year", required=False)
    end_year = serializer_field(InvestmentPlan, "end_year", required=False)
    currency = _currency(required=False)
    strategy_url = serializer_field(InvestmentPlan, "strategy_url")
    summary = serializer_field(InvestmentPlan, "summary")


class PlanTransitionInput(serializers.Serializer):
    comment = serializer_field(ReviewEvent, "comment", default="")


class CostInput(serializers.Serializer):
    year = serializers.IntegerField(help_text="A year of the plan period.")
    amount = serializer_field(PriorityCost, "amount")


class PrioritySaveInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The plan version your edit is based on.")
    rank = serializer_field(Priority, "rank")
    title = serializer_field(Priority, "title")
    component = serializers.PrimaryKeyRelatedField(queryset=GdhmComponent.objects.all())
    interventions = serializers.ListField(
        child=reference_field(DigitalHealthIntervention, "code"),
        required=False,
        default=list,
        help_text="CDHI v2 codes.",
    )
    description = serializer_field(Priority, "description", default="")
    implementing_agency = serializer_field(Priority, "implementing_agency", default="")
    costs = CostInput(many=True)

    def validate_interventions(self, codes):
        found = list(
            DigitalHealthIntervention.objects.filter(
                version=DigitalHealthIntervention.Version.V2, code__in=codes
            )
        )
        unknown = set(codes) - {i.code for i in found}
        if unknown:
            raise serializers.ValidationError(
                _("Unknown CDHI v2 codes: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
            )
        return found


class PriorityDeleteInput(serializers.Serializer):
    version = serializers.IntegerField()


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
    currency = _currency()
    year = serializer_field(Commitment, "year")
    amount = serializer_field(Commitment, "pledged_amount")
    pledged_on = serializers.DateField(required=False, allow_null=True, default=None)


class CommitmentAdvanceInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The commitment version your change is based on.")
    amount = serializer_field(Commitment, "committed_amount", required=True, allow_null=False)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class CommitmentVerifyInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The commitment version you verified.")


# --- Transparency reports: the snapshot's shape, declared so the schema documents it ----------


class _Money(serializers.CharField):
    """A US-dollar amount as an exact decimal string, e.g. "1234.50"."""


def _rates_provisional():
    # Absent from the snapshots of generator 1.0 (reports made before it was counted).
    return serializers.IntegerField(
        required=False,
        help_text=_(
            "Amounts converted at the latest published rate of an earlier year (their year's "
            "rate was not published at generation): in the totals, provisionally."
        ),
    )


class _MoneyFigures(serializers.Serializer):
    cost_usd = _Money()
    committed_usd = _Money()
    disbursed_usd = _Money()
    gap_usd = _Money(help_text=_("Cost minus committed; negative when over-funded."))
    undisbursed_gap_usd = _Money(help_text=_("Cost minus disbursed."))
    rates_missing = serializers.IntegerField()
    rates_provisional = _rates_provisional()


class _StrategySection(serializers.Serializer):
    member_states = serializers.IntegerField()
    adopted = serializers.IntegerField(help_text=_("Member states with an adopted strategy."))
    share = serializers.CharField(allow_null=True, help_text=_("adopted ÷ member states"))
    previous = serializers.IntegerField(
        allow_null=True, help_text=_("`adopted` in the previous period's published report.")
    )
    change = serializers.IntegerField(allow_null=True)
    by_status = serializers.DictField(child=serializers.IntegerField())


class _SubmissionsSection(serializers.Serializer):
    cycle = serializers.IntegerField(allow_null=True)
    by_status = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class _MaturityRow(serializers.Serializer):
    component = serializers.IntegerField()
    name = serializers.CharField()
    average_phase = serializers.FloatField(allow_null=True)
    profiles = serializers.IntegerField()


class _KindRow(serializers.Serializer):
    kind = serializers.CharField()
    total = serializers.IntegerField()
    new = serializers.IntegerField(help_text=_("Published resources created during the period."))


class _CatalogueSection(serializers.Serializer):
    by_kind = _KindRow(many=True)
    total = serializers.IntegerField()
    new = serializers.IntegerField()


class _CommitmentRow(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Commitment.Kind.choices)
    count = serializers.IntegerField()
    pledged_usd = _Money()
    committed_usd = _Money()
    disbursed_usd = _Money()
    rates_missing = serializers.IntegerField()
    rates_provisional = _rates_provisional()
    by_stage = serializers.DictField(child=serializers.IntegerField())


class _PartnerRow(serializers.Serializer):
    organization = serializers.IntegerField()
    name = serializers.CharField()
    acronym = serializers.CharField(allow_blank=True)
    commitments = serializers.IntegerField()
    pledged_usd = _Money()
    committed_usd = _Money()
    disbursed_usd = _Money()


class _ComponentRow(_MoneyFigures):
    component = serializers.IntegerField(
        allow_null=True, help_text=_("Empty for commitments to a plan as a whole.")
    )
    name = serializers.CharField(allow_blank=True)


class _InvestmentsSection(_MoneyFigures):
    plans = serializers.IntegerField()
    commitments = _CommitmentRow(many=True)
    top_partners = _PartnerRow(many=True)
    by_component = _ComponentRow(many=True)


class _CountryRow(_MoneyFigures):
    iso3 = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    strategy_status = serializers.CharField(allow_blank=True)
    plans = serializers.IntegerField()
    resources = serializers.IntegerField()


class TransparencyReportDataSerializer(serializers.Serializer):
    scope = serializers.CharField()
    scope_name = serializers.CharField()
    period = serializers.CharField()
    strategy = _StrategySection()
    submissions = _SubmissionsSection()
    maturity = _MaturityRow(many=True)
    catalogue = _CatalogueSection()
    investments = _InvestmentsSection()
    countries = _CountryRow(many=True)


class AbsoluteURLField(serializers.URLField):
    """A site path (`get_absolute_url`) given as the absolute URL the schema's `uri` means."""

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request is not None else value


class TransparencyReportListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:transparency-report-detail")
    page = AbsoluteURLField(source="get_absolute_url", read_only=True)

    class Meta:
        model = TransparencyReport
        fields = (
            "id",
            "url",
            "page",
            "scope",
            "period",
            "revision",
            "status",
            "generated_at",
            "data_cutoff",
            "generator_version",
            "published_at",
        )


class TransparencyReportSerializer(TransparencyReportListSerializer):
    data = TransparencyReportDataSerializer(read_only=True)
    revisions = serializers.SerializerMethodField()

    class Meta(TransparencyReportListSerializer.Meta):
        fields = (*TransparencyReportListSerializer.Meta.fields, "data", "revisions")

    def get_revisions(self, report) -> list[int]:
        """The revision numbers of this scope and period the caller may see, newest first."""
        return list(getattr(report, "visible_revisions", [report.revision]))
