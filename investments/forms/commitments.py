"""Recording a pledge of support against a plan, and moving it to its next stage."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from ..models import MONEY, Commitment
from .fields import VersionedForm, currency_choices


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
