"""The plan pages' forms: a plan's description and period, and the secretariat returning it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from members.workflow import ReviewEvent

from ..models import InvestmentPlan
from .fields import VersionedForm, currency_choices

PLAN_FORM_FIELDS = ("title", "start_year", "end_year", "currency", "strategy_url", "summary")


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


class ReturnPlanForm(forms.Form):
    comment = form_field(
        ReviewEvent,
        "comment",
        label=_("What needs to change"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
