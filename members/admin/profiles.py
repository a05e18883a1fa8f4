"""Profile submissions, reviewed by the secretariat through the services, and the review
history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field

from .. import services
from ..models import (
    IndicatorAnswer,
    ProfileSubmission,
)
from ..workflow import ConflictError, ReviewEvent


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "action", "from_status", "to_status", "by")
    list_filter = ("action", "content_type")
    list_select_related = ("content_type", "by")
    readonly_fields = [f.name for f in ReviewEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorAnswerInline(admin.TabularInline):
    model = IndicatorAnswer
    fields = ("indicator", "phase", "evidence_note", "source_url", "verification_status")
    readonly_fields = ("indicator", "phase", "evidence_note", "source_url")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReviewEventInline(GenericTabularInline):
    model = ReviewEvent
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("at", "action", "from_status", "to_status", "by", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProfileReviewForm(forms.ModelForm):
    review_comment = form_field(
        ReviewEvent,
        "comment",
        label=_("Review comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the focal points with the “Approve” and “Return” actions."),
    )

    class Meta:
        model = ProfileSubmission
        fields = ()

    def clean(self):
        cleaned = super().clean()
        action = self.data.get("_review_action")
        if action and self.instance.status != "submitted":
            raise forms.ValidationError(
                _("Only a submitted profile can be approved or returned; this one is %(status)s.")
                % {"status": self.instance.get_status_display().lower()}
            )
        if action == "return" and not (cleaned.get("review_comment") or "").strip():
            self.add_error("review_comment", _("Say what needs to change: a comment is required."))
        return cleaned


@admin.register(ProfileSubmission)
class ProfileSubmissionAdmin(admin.ModelAdmin):
    """Submissions are edited by focal points; the secretariat reviews them here or on the site."""

    list_display = ("member_state", "cycle", "status", "strategy_status", "version", "updated_at")
    list_filter = ("status", "cycle", "strategy_status", "member_state__who_region")
    search_fields = ("member_state__name_en", "member_state__iso3", "strategy_title")
    list_select_related = ("member_state", "cycle")
    readonly_fields = (
        "member_state",
        "cycle",
        "status",
        "version",
        *ProfileSubmission.STRATEGY_FIELDS,
        "strategy_document",
        *ProfileSubmission.GOVERNANCE_FIELDS,
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = (IndicatorAnswerInline, ReviewEventInline)
    actions = ("approve_selected",)
    change_form_template = "admin/members/profilesubmission/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected submitted profiles"))
    def approve_selected(self, request, queryset):
        self._review(request, queryset, services.approve_profile, comment="")

    def _review(self, request, queryset, service, *, comment):
        done = 0
        for submission in queryset:
            try:
                service(submission=submission, by=request.user, comment=comment)
                done += 1
            except (ConflictError, ValidationError) as error:
                self.message_user(request, f"{submission}: {error}", messages.WARNING)
        if done:
            self.message_user(request, _("%(count)s profiles updated.") % {"count": done})

    def save_model(self, request, obj, form, change):
        comment = form.cleaned_data.get("review_comment", "")
        action = request.POST.get("_review_action")
        if action == "approve":
            services.approve_profile(submission=obj, by=request.user, comment=comment)
        elif action == "return":
            services.return_profile(submission=obj, by=request.user, comment=comment)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ProfileReviewForm
        return super().get_form(request, obj, change, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Only the verification status of answers is editable here, through the service."""
        for formset in formsets:
            changed = formset.save(commit=False)
            if formset.model is IndicatorAnswer:
                for answer in changed:
                    services.verify_evidence(
                        answer=answer, by=request.user, status=answer.verification_status
                    )
