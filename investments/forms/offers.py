"""An organization's offer (create and edit), and the filters of the public list of offers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from members.forms.fields import Select, TableChoiceField, region_filter_field
from members.models import GdhmComponent, MemberState, WhoRegion

from ..models import FIRST_YEAR, LAST_YEAR, Offer
from .fields import VersionedForm, currency_choices, v2_interventions


def _intervention_label(intervention):
    return f"{intervention.code} {intervention.label}"


class OfferForm(forms.Form):
    title = form_field(Offer, "title", label=_("Title"))
    description = form_field(
        Offer,
        "description",
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you can provide, to whom, and how to ask for it."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of support"), choices=Offer.Kind.choices, widget=forms.RadioSelect
    )
    interventions = forms.ModelMultipleChoiceField(
        label=_("CDHI interventions"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The digital health interventions (CDHI v2) your support covers."),
    )
    components = forms.ModelMultipleChoiceField(
        label=_("GDHM components"),
        queryset=GdhmComponent.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    who_regions = forms.ModelMultipleChoiceField(
        label=_("WHO regions"),
        queryset=WhoRegion.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave regions and member states empty for an offer open to every country."),
    )
    member_states = forms.ModelMultipleChoiceField(
        label=_("Member states"),
        queryset=MemberState.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    first_year = form_field(Offer, "first_year", label=_("First year"))
    last_year = form_field(Offer, "last_year", label=_("Last year"))
    capacity_amount = form_field(
        Offer,
        "capacity_amount",
        label=_("Indicative capacity"),
        help_text=_(
            "Required for cash; optional for support in kind (its estimated value). Converted "
            "to US dollars at the first year's exchange rate."
        ),
    )
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    contact_name = form_field(Offer, "contact_name", label=_("Contact name"))
    contact_email = form_field(Offer, "contact_email", label=_("Contact e-mail"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interventions"].queryset = v2_interventions().order_by("sort_key")
        self.fields["interventions"].label_from_instance = _intervention_label
        self.fields["currency"].choices = [("", "—"), *currency_choices()]

    @classmethod
    def initial_of(cls, offer):
        initial = {name: getattr(offer, name) for name in cls.base_fields if name != "version"}
        for name in ("interventions", "components", "who_regions", "member_states"):
            initial[name] = list(getattr(offer, name).all())
        return initial


class OfferCreateForm(OfferForm):
    status = forms.ChoiceField(
        label=_("Publish"),
        choices=[
            (Offer.Status.DRAFT, _("Save as a draft (only your organization sees it)")),
            (Offer.Status.OPEN, _("Open it now (everyone sees it)")),
        ],
        initial=Offer.Status.DRAFT,
        widget=forms.RadioSelect,
    )


class OfferEditForm(OfferForm, VersionedForm):
    pass


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of support"),
        choices=[("", _("All kinds")), *Offer.Kind.choices],
        required=False,
        widget=Select,
    )
    region = region_filter_field()
    member_state = TableChoiceField(
        label=_("Member state"),
        queryset=MemberState.objects.all(),
        required=False,
        empty_label=_("All member states"),
        to_field_name="iso3",
    )
    component = TableChoiceField(
        label=_("GDHM component"),
        queryset=GdhmComponent.objects.all(),
        required=False,
        empty_label=_("All components"),
    )
    intervention = TableChoiceField(
        label=_("CDHI intervention"),
        queryset=None,
        required=False,
        empty_label=_("All interventions"),
        to_field_name="code",
    )
    year = forms.IntegerField(
        label=_("Covering the year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = v2_interventions().order_by("sort_key")
        self.fields["intervention"].label_from_instance = _intervention_label
