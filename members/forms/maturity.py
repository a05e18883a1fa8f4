"""The form of one GDHM component's indicators in a profile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from ..documents import validate_pdf
from ..models import IndicatorAnswer

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
            # The error summary lists the fields of every indicator: say whose each one is.
            for name in ("evidence_note", "source_url", "evidence_document"):
                field = self.fields[f"{code}-{name}"]
                field.summary_label = f"{code}. {field.label}"

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
