from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User, WhoRegion


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


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
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Data warehouse import”."),
    )
