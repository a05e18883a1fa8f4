"""Form fields shared by the portal's filter forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import WhoRegion


def region_filter_field():
    """The optional WHO region of a list's filters, by its code (`?region=AFR`)."""
    return forms.ModelChoiceField(
        label=_("WHO region"),
        queryset=WhoRegion.objects.all(),
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )
