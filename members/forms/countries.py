"""The member states list's search form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import WhoRegion


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
