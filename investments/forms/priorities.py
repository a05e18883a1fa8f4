"""A plan's ranked priority with its cost for each year of the plan."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from members.models import GdhmComponent

from ..models import MONEY, Priority
from .fields import VersionedForm, v2_interventions


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
