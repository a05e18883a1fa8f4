from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from members.models import GdhmComponent, WhoRegion
from members.workflow import ReviewEvent
from resources.models import DigitalHealthIntervention

from .models import MONEY, Commitment, ExchangeRate, InvestmentPlan, Priority


def currency_choices():
    codes = ExchangeRate.objects.order_by("currency").values_list("currency", flat=True).distinct()
    return [(code, code) for code in sorted({*codes, "USD"})]


def v2_interventions():
    return DigitalHealthIntervention.objects.filter(
        version=DigitalHealthIntervention.Version.V2,
        level=DigitalHealthIntervention.Level.INTERVENTION,
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(VersionedForm):
    title = form_field(InvestmentPlan, "title", label=_("Title"))
    start_year = form_field(InvestmentPlan, "start_year", label=_("First year"))
    end_year = form_field(InvestmentPlan, "end_year", label=_("Last year"))
    currency = forms.ChoiceField(
        label=_("Currency"), help_text=_("The currency in which the plan is costed (ISO 4217).")
    )
    strategy_url = form_field(
        InvestmentPlan,
        "strategy_url",
        label=_("Link to the national digital health strategy"),
        help_text="",
    )
    summary = form_field(
        InvestmentPlan, "summary", label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()
        self.fields["version"].required = False

    @classmethod
    def for_plan(cls, plan, data=None):
        initial = {
            f: getattr(plan, f)
            for f in (
                "title",
                "start_year",
                "end_year",
                "currency",
                "strategy_url",
                "summary",
                "version",
            )
        }
        return cls(data, initial=initial)


class PriorityForm(VersionedForm):
    rank = form_field(
        Priority, "rank", label=_("Rank"), help_text=_("1 is the country's first priority.")
    )
    title = form_field(Priority, "title", label=_("Title"))
    component = forms.ModelChoiceField(
        label=_("GDHM component"), queryset=GdhmComponent.objects.all()
    )
    interventions = forms.ModelMultipleChoiceField(
        label=_("CDHI intervention areas"),
        queryset=v2_interventions(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("WHO Classification of Digital Health Interventions, v2 (2023)."),
    )
    description = form_field(
        Priority, "description", label=_("Description"), widget=forms.Textarea(attrs={"rows": 3})
    )
    implementing_agency = form_field(
        Priority, "implementing_agency", label=_("Implementing agency")
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["interventions"].label_from_instance = lambda i: f"{i.code} {i.label}"
        for year in plan.years:
            self.fields[f"cost_{year}"] = forms.DecimalField(
                label=_("Cost in %(year)s (%(currency)s)")
                % {"year": year, "currency": plan.currency},
                required=False,
                min_value=Decimal("0"),
                **MONEY,
            )

    @property
    def cost_fields(self):
        return [self[f"cost_{year}"] for year in self.plan.years]

    def costs(self):
        return {
            year: self.cleaned_data[f"cost_{year}"]
            for year in self.plan.years
            if self.cleaned_data.get(f"cost_{year}") is not None
        }


class CommitmentForm(forms.Form):
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        queryset=None,
        required=False,
        empty_label=_("The plan as a whole"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of support"),
        choices=Commitment.Kind.choices,
        widget=forms.RadioSelect,
        initial=Commitment.Kind.CASH,
    )
    in_kind_type = forms.ChoiceField(
        label=_("Type of in-kind support"),
        choices=[("", "—"), *Commitment.InKindType.choices],
        required=False,
    )
    description = form_field(
        Commitment,
        "description",
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for in-kind support: what is provided, by whom, for how long."),
    )
    amount = forms.DecimalField(
        label=_("Amount pledged"),
        min_value=Decimal("0.01"),
        **MONEY,
        help_text=_("For in-kind support, its estimated value."),
    )
    currency = forms.ChoiceField(label=_("Currency"))
    year = form_field(
        Commitment,
        "year",
        label=_("Year"),
        help_text=_(
            "Amounts convert to US dollars at this year's average exchange rate; until it is "
            "published, provisionally at the currency's latest published rate."
        ),
    )
    pledged_on = forms.DateField(
        label=_("Pledged on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.all()
        self.fields["priority"].label_from_instance = lambda p: str(p)
        self.fields["currency"].choices = currency_choices()
        self.fields["currency"].initial = plan.currency


class CommitmentAdvanceForm(VersionedForm):
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), **MONEY)
    on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReturnPlanForm(forms.Form):
    comment = form_field(
        ReviewEvent,
        "comment",
        label=_("What needs to change"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NeedsFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("WHO region"),
        queryset=WhoRegion.objects.all(),
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )
    component = forms.ModelChoiceField(
        label=_("GDHM component"),
        queryset=GdhmComponent.objects.all(),
        required=False,
        empty_label=_("All components"),
    )
    intervention = forms.ModelChoiceField(
        label=_("CDHI intervention area"),
        queryset=v2_interventions(),
        required=False,
        empty_label=_("All intervention areas"),
        to_field_name="code",
    )
    minimum_gap = forms.DecimalField(
        label=_("Gap of at least (USD)"), required=False, min_value=Decimal("0"), **MONEY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].label_from_instance = lambda i: f"{i.code} {i.label}"


PLAN_FORM_FIELDS = ("title", "start_year", "end_year", "currency", "strategy_url", "summary")


class ExchangeRateForm(forms.ModelForm):
    """One exchange rate: the admin's form and the rates loader's check of each CSV row
    (`rate_services.validate_rates`), so both doors enforce the model's limits."""

    class Meta:
        model = ExchangeRate
        fields = ("currency", "year", "units_per_usd", "source")


class ExchangeRatesFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the header currency,year,units_per_usd,source, one rate per line, "
            "e.g. KES,2026,129.53,WDI/2027-07-01/KEN."
        ),
    )
