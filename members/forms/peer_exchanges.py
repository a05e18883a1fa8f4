"""A focal point's request to a peer country, and the peer's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from ..models import PeerExchangeRequest


class PeerExchangeRequestForm(forms.Form):
    topic = form_field(
        PeerExchangeRequest,
        "topic",
        help_text=_("What you would like to learn, in a few words."),
    )
    message = form_field(
        PeerExchangeRequest,
        "message",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your situation and your questions; the peer country's focal points read it."),
    )


class PeerExchangeDeclineForm(forms.Form):
    decline_reason = form_field(
        PeerExchangeRequest,
        "decline_reason",
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
