from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from members import documents
from members.models import Organization
from members.permissions import needs_second_factor, second_factor_step
from members.workflow import ReviewEvent

from .models import LANGUAGES, DigitalHealthIntervention, Resource

# Catalogue documents (standards, toolkits) run longer than a country's strategy.
MAX_PDF_BYTES = 20 * 1024 * 1024


def validate_pdf(upload):
    documents.validate_pdf(upload, max_bytes=MAX_PDF_BYTES)


class ResourceProposalForm(forms.ModelForm):
    link = form_field(Resource, "link", label=_("Link"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        help_text=_("The languages the resource is available in."),
    )
    publish = forms.BooleanField(
        label=_("Publish now"),
        required=False,
        help_text=_("Secretariat only: publish without a separate review."),
    )

    class Meta:
        model = Resource
        fields = (
            "kind",
            "title",
            "summary",
            "body",
            "description_language",
            "publisher",
            "publication_year",
            "link",
            "file",
            "licence",
            "interventions",
            "gdhm_components",
            "challenges",
            "member_states",
            "who_regions",
            "quality_assured",
            "quality_assured_on",
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "file": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
            "quality_assured_on": forms.DateInput(attrs={"type": "date"}),
            "interventions": forms.SelectMultiple(attrs={"size": 8}),
            "member_states": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # New entries are classified with CDHI v2; v1 codes stay readable on older resources.
        self.fields["interventions"].queryset = DigitalHealthIntervention.objects.filter(
            version=DigitalHealthIntervention.Version.V2
        )
        self.fields["publisher"].queryset = Organization.objects.all()
        # Stored files get generated names: the uploaded name's length is no reason to refuse.
        self.fields["file"].max_length = None
        if user.is_partner_member and not self.is_bound:
            self.initial.setdefault("publisher", user.organization_id)
        if not user.is_secretariat:
            # The WHO quality-assurance flag is the secretariat's to set.
            for name in ("quality_assured", "quality_assured_on", "publish"):
                del self.fields[name]
        elif needs_second_factor(user):
            # Publishing is a privileged action: offered once the session has its second factor.
            step = second_factor_step(user, reverse("resources:resource-propose"))
            self.fields["publish"].disabled = True
            self.fields["publish"].help_text = format_html(
                gettext(
                    "Publishing at once needs a second factor: "
                    '<a href="{}">enter the code of your authenticator app</a> first (what you '
                    "typed here is not kept), or send the resource to review."
                ),
                step,
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            validate_pdf(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("file") and not self.has_error("file"):
            self.add_error("link", _("Give a link to the resource or upload it as a PDF file."))
        return cleaned


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", _("Publish")), ("return", _("Return"))])
    comment = form_field(
        ReviewEvent,
        "comment",
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return a proposal: say what needs to change."),
    )
