"""The member states list's search form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import region_filter_field


class CountrySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or ISO code")}),
    )
    region = region_filter_field()
