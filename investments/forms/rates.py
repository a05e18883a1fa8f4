"""Exchange rates: one rate (admin and CSV loader alike) and the CSV file of rates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ExchangeRate


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
