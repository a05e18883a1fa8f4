"""Investment plans in the API: the list's one declaration (its item, CSV row, schema and
benchmark floor, gidh_portal/listing.py), the detail with its priorities, and the inputs of
each write."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gidh_portal import listing
from gidh_portal.input_fields import reference_field, serializer_field
from members import names
from members.models import GdhmComponent, MemberState, member_state_row_name
from members.workflow import ReviewEvent
from resources.models import DigitalHealthIntervention

from ... import permissions
from ...models import InvestmentPlan, Priority, PriorityCost
from ...selectors import plan_priorities
from .fields import (
    RATE_PROVISIONAL_HELP,
    RATE_YEAR_HELP,
    column,
    currency_code,
    money,
    rates_note,
)

COUNT_NAMES = (
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)


class FiguresMixin(serializers.Serializer):
    # A plan's or a priority's figures, as `with_totals()` and `listed_plans()` annotate them.

    cost = money(help_text="Total cost in the plan currency.")
    committed = money(help_text="Verified committed support, in the plan currency.")
    disbursed = money(help_text="Verified disbursed support, in the plan currency.")
    gap = money(help_text="cost − committed, in the plan currency (negative if over-funded).")
    undisbursed_gap = money(help_text="cost − disbursed, in the plan currency.")
    cost_usd = money()
    committed_usd = money()
    disbursed_usd = money()
    gap_usd = money()
    undisbursed_gap_usd = money()
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
    rates_note = listing.RowField(reads=COUNT_NAMES)

    def get_rates_note(self, figures) -> str | None:
        if isinstance(figures, dict):
            return rates_note(*(figures[name] for name in COUNT_NAMES))
        return rates_note(*(getattr(figures, name) for name in COUNT_NAMES))


class PriorityCostSerializer(serializers.ModelSerializer):
    amount_usd = money(allow_null=True, help_text="Null when the rate is missing.")
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


def _column(name):
    return column(InvestmentPlan, name)


class PageField(listing.LinkField):
    """The absolute URL of the item's page on the portal (not of the API: no `?format=`)."""

    def to_representation(self, row):
        path = reverse(self.view_name, kwargs={self.url_kwarg: row[self.lookup]})
        return self.context["request"].build_absolute_uri(path)


class PlanColumns(serializers.Serializer):
    # A plan's own columns in the list, before its figures: adding a field to the list (JSON,
    # CSV, schema, the benchmark's floor) is one line here.

    id = serializers.IntegerField(read_only=True)
    url = listing.LinkField("api:investment-plan-detail", lookup="id", url_kwarg="pk")
    page = PageField("investments:plan-detail", lookup="id", url_kwarg="pk")
    member_state = serializers.CharField(source="member_state_id", read_only=True)
    member_state_name = listing.RowField(
        reads=("member_state_id", "member_state__name_en", "member_state__name_fr")
    )
    who_region = serializers.CharField(source="member_state__who_region_id", read_only=True)
    title = _column("title")
    start_year = _column("start_year")
    end_year = _column("end_year")
    currency = _column("currency")
    strategy_url = _column("strategy_url")
    status = _column("status")
    version = _column("version")
    updated_at = _column("updated_at")

    def get_member_state_name(self, row) -> str:
        state = {
            "iso3": row["member_state_id"],
            "name_en": row["member_state__name_en"],
            "name_fr": row["member_state__name_fr"],
        }
        return member_state_row_name(state, names.language_key(get_language()))


class InvestmentPlanSerializer(PlanColumns, FiguresMixin):
    # A plan in the list (and the start of its detail): a row of `listed_plans()`
    # (investments/selectors.py), its columns then its figures.
    pass


class InvestmentPlanDetailSerializer(InvestmentPlanSerializer):
    # A plan with its summary, its ranked priorities and what the caller may do with it.

    summary = _column("summary")
    priorities = listing.RowField(reads=("id",))
    allowed_actions = listing.RowField(reads=("id", "member_state_id", "status"))

    @extend_schema_field(PrioritySerializer(many=True))
    def get_priorities(self, row):
        # The detail's one plan: its priorities in one query, their interventions and costs
        # in one each.
        return PrioritySerializer(plan_priorities(row["id"]), many=True, context=self.context).data

    def get_allowed_actions(self, row) -> list[str]:
        plan = InvestmentPlan(
            pk=row["id"], member_state_id=row["member_state_id"], status=row["status"]
        )
        user = self.context["request"].user
        actions = []
        if permissions.can_edit_plan(user, plan):
            actions.append("edit")
        if permissions.can_submit_plan(user, plan):
            actions.append("submit")
        if permissions.can_review_plan(user, plan):
            actions += ["approve", "return"]
        if permissions.can_record_commitment(user, plan):
            actions.append("commit")
        return actions


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
    currency = currency_code()
    strategy_url = serializer_field(InvestmentPlan, "strategy_url", default="")
    summary = serializer_field(InvestmentPlan, "summary", default="")


class PlanUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version your edit is based on.")
    title = serializer_field(InvestmentPlan, "title", required=False)
    start_year = serializer_field(InvestmentPlan, "start_year", required=False)
    end_year = serializer_field(InvestmentPlan, "end_year", required=False)
    currency = currency_code(required=False)
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
