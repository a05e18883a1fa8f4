"""The transparency reports' API: the list, the detail, and the snapshot's shape declared so
the schema documents it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Commitment, TransparencyReport


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


class _MovedUpRegion(serializers.Serializer):
    region = serializers.CharField()
    name = serializers.CharField()
    moved_up = serializers.IntegerField()


class _MovedUpState(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()


class _ProgressSection(serializers.Serializer):
    moved_up = serializers.IntegerField(
        help_text="Member states whose overall GDHM phase in their latest published cycle is "
        "higher than in their previous one."
    )
    by_region = _MovedUpRegion(many=True)
    member_states = _MovedUpState(many=True)


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
    progress = _ProgressSection(required=False, help_text="Since generator 1.2.")
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
