from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from gidh_portal.input_limits import refuse_control_characters

from .documents import validate_pdf
from .models import (
    ApiToken,
    IndicatorAnswer,
    Ministry,
    ProfileSubmission,
    Standard,
    User,
    WhoRegion,
)
from .workflow import ReviewEvent, ReviewStatus


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, whose email address is checked as the account's is (its length, no
    control characters) before any password: an address no account can have is a form error,
    not a failed login that the lockout's table could not store."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = User._meta.get_field("email").max_length
        self.fields["username"].validators += [
            MaxLengthValidator(limit),
            refuse_control_characters,
        ]


class CountrySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or ISO code")}),
    )
    region = forms.ModelChoiceField(
        label=_("WHO region"),
        queryset=WhoRegion.objects.all(),
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )


class ApiTokenCreateForm(forms.Form):
    name = form_field(
        ApiToken,
        "name",
        label=_("Token name"),
        help_text=_("What the token is for, e.g. “Data warehouse import”."),
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


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


PHASE_LABELS = dict(IndicatorAnswer.PHASE_CHOICES)


class MaturityForm(forms.Form):
    """The indicators of one GDHM component: a phase (with the official descriptions), an
    evidence note, a source link and an evidence PDF for each."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, indicators, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            answer = answers.get(indicator.code)
            choices = [
                (str(number), f"{PHASE_LABELS[number]} — {description}")
                for number, description in enumerate(indicator.phase_descriptions, start=1)
            ] + [(str(IndicatorAnswer.NOT_AVAILABLE), _("Not available"))]
            code = indicator.code
            self.fields[f"{code}-phase"] = forms.TypedChoiceField(
                label=str(indicator),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=None if answer is None or answer.phase is None else str(answer.phase),
            )
            self.fields[f"{code}-evidence_note"] = form_field(
                IndicatorAnswer,
                "evidence_note",
                label=_("Evidence"),
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answer.evidence_note if answer else "",
            )
            self.fields[f"{code}-source_url"] = form_field(
                IndicatorAnswer,
                "source_url",
                label=_("Source link"),
                initial=answer.source_url if answer else "",
            )
            self.fields[f"{code}-evidence_document"] = forms.FileField(
                label=_("Evidence document (PDF)"),
                required=False,
                help_text=_("PDF only, at most 10 MB."),
                widget=forms.FileInput(attrs={"accept": "application/pdf"}),
            )

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            name = f"{indicator.code}-evidence_document"
            upload = cleaned.get(name)
            if upload:
                try:
                    validate_pdf(upload)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def rows(self):
        for indicator in self.indicators:
            code = indicator.code
            yield {
                "indicator": indicator,
                "phase": self[f"{code}-phase"],
                "evidence_fields": [
                    self[f"{code}-evidence_note"],
                    self[f"{code}-source_url"],
                    self[f"{code}-evidence_document"],
                ],
            }

    def answers(self):
        return {
            indicator.code: {
                "phase": self.cleaned_data[f"{indicator.code}-phase"],
                "evidence_note": self.cleaned_data[f"{indicator.code}-evidence_note"],
                "source_url": self.cleaned_data[f"{indicator.code}-source_url"],
                "evidence_document": self.cleaned_data[f"{indicator.code}-evidence_document"],
            }
            for indicator in self.indicators
        }


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve and publish")), ("return", _("Return for changes"))]
    )
    comment = form_field(
        ReviewEvent,
        "comment",
        label=_("Comment to the focal points"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return a profile: say what needs to change."),
    )


class ReviewQueueForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("WHO region"),
        queryset=WhoRegion.objects.all(),
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Submitted (awaiting review)")), *ReviewStatus.choices, ("all", _("All"))],
    )


class VerificationForm(forms.Form):
    verification_status = forms.ChoiceField(
        label=_("Verification"), choices=IndicatorAnswer.Verification.choices
    )


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now for the GIDH Portal."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code is six digits."))
        return code
