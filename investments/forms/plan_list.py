"""The filters and sort orders of the list of investment plans."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from members.forms.fields import region_filter_field
from members.workflow import ReviewStatus

from ..models import FIRST_YEAR, LAST_YEAR

# Each sort's order, ending with the primary key so that pages never overlap.
PLAN_SORTS = {
    "country": ("member_state__name_en", "-start_year", "pk"),
    "newest": ("-start_year", "member_state__name_en", "pk"),
    "cost": (F("cost_usd").desc(nulls_last=True), "member_state__name_en", "pk"),
    "gap": (F("gap_usd").desc(nulls_last=True), "member_state__name_en", "pk"),
}


class PlanFilterForm(forms.Form):
    region = region_filter_field()
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ReviewStatus.choices],
        required=False,
    )
    year = forms.IntegerField(
        label=_("Covering the year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("country", _("Member state")),
            ("newest", _("Newest first")),
            ("cost", _("Largest cost")),
            ("gap", _("Largest funding gap")),
        ],
        required=False,
    )

    def __init__(self, *args, with_status, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_status:
            del self.fields["status"]
