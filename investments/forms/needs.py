"""The needs tracker's filters: region, GDHM component, CDHI area and minimum gap."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms.fields import TableChoiceField, region_filter_field
from members.models import GdhmComponent

from ..models import MONEY
from .fields import v2_interventions


class NeedsFilterForm(forms.Form):
    region = region_filter_field()
    component = TableChoiceField(
        label=_("GDHM component"),
        queryset=GdhmComponent.objects.all(),
        required=False,
        empty_label=_("All components"),
    )
    intervention = TableChoiceField(
        label=_("CDHI intervention area"),
        queryset=v2_interventions(),
        required=False,
        empty_label=_("All intervention areas"),
        to_field_name="code",
    )
    minimum_gap = forms.DecimalField(
        label=_("Gap of at least (USD)"), required=False, min_value=Decimal("0"), **MONEY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].label_from_instance = lambda i: f"{i.code} {i.label}"
