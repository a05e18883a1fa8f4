from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DigestPreference


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ("frequency",)
        widgets = {"frequency": forms.RadioSelect}
        labels = {"frequency": _("E-mail digest of what you follow")}
