"""Inviting an offer's organization to a priority, and answering the invitation."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from ..models import MONEY, Invitation


class InviteForm(forms.Form):
    offer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class InvitationAcceptForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount pledged"),
        min_value=Decimal("0.01"),
        required=False,
        **MONEY,
        help_text=_(
            "In the offer's currency. Leave empty to pledge the offer's capacity, or the "
            "priority's remaining gap if it is smaller."
        ),
    )


class InvitationDeclineForm(forms.Form):
    reason = form_field(
        Invitation,
        "decline_reason",
        label=_("Reason for declining"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
