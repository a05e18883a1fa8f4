"""The secretariat's review forms: a decision on a submitted profile, the queue's filters and an
answer's verification."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from ..models import IndicatorAnswer
from ..workflow import ReviewEvent, ReviewStatus
from .fields import region_filter_field


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve and publish")), ("return", _("Return for changes"))]
    )
    comment = form_field(
        ReviewEvent,
        "comment",
        label=_("Comment to the focal points"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return a profile: say what needs to change."),
    )


class ReviewQueueForm(forms.Form):
    region = region_filter_field()
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Submitted (awaiting review)")), *ReviewStatus.choices, ("all", _("All"))],
    )


class VerificationForm(forms.Form):
    verification_status = forms.ChoiceField(
        label=_("Verification"), choices=IndicatorAnswer.Verification.choices
    )
