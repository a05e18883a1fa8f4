"""What the investments forms share: the currency choices, the CDHI v2 areas, a versioned form."""

from django import forms

from resources.models import DigitalHealthIntervention

from ..models import ExchangeRate


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
