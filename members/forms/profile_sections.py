"""The forms of a profile's strategy and governance sections (the maturity section has its own
module), each carrying the version it was read at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from ..documents import validate_pdf
from ..models import Ministry, ProfileSubmission, Standard


class StrategyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    strategy_url = form_field(
        ProfileSubmission,
        "strategy_url",
        label=_("Link to the strategy"),
    )
    strategy_document = forms.FileField(
        label=_("Strategy document (PDF)"),
        required=False,
        help_text=_("PDF only, at most 10 MB. Leave empty to keep the current document."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = ProfileSubmission
        fields = ProfileSubmission.STRATEGY_FIELDS
        widgets = {"strategy_adopted_on": forms.DateInput(attrs={"type": "date"})}

    def clean_strategy_document(self):
        upload = self.cleaned_data.get("strategy_document")
        if upload:
            validate_pdf(upload)
        return upload or None


class GovernanceForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    coordination_ministries = forms.MultipleChoiceField(
        label=_("Ministries represented"),
        choices=Ministry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    standards_adopted = forms.MultipleChoiceField(
        label=_("Standards adopted"),
        choices=Standard.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProfileSubmission
        fields = ProfileSubmission.GOVERNANCE_FIELDS
