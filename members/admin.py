from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin

from gidh_portal.input_fields import form_field

from . import permissions, services
from .forms import AdminUserCreationForm
from .models import (
    ApiToken,
    GdhmComponent,
    GdhmIndicator,
    IndicatorAnswer,
    MemberState,
    Organization,
    ProfileSubmission,
    ReportingCycle,
    User,
    WhoRegion,
)
from .permissions import is_secretariat
from .workflow import ConflictError, ReviewEvent, StaleVersion, lock_version

admin.site.site_header = _("GIDH Portal administration")
admin.site.site_title = _("GIDH Portal")
admin.site.index_title = _("Secretariat")


STALE_IN_ADMIN = _(
    "Someone else saved this record since you opened it; reload to see their changes."
)


class VersionCheckedForm(forms.ModelForm):
    """Carries the version the record was opened at; refuses the save if it moved on since."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def version_holder(obj):
        return obj

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.version_holder(self.instance).version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                lock_version(
                    self.version_holder(self.instance),
                    expected_version=cleaned.get("seen_version"),
                )
            except StaleVersion as stale:
                raise forms.ValidationError(STALE_IN_ADMIN, code=stale.code) from stale
        return cleaned


class VersionCheckedAdmin(admin.ModelAdmin):
    """Optimistic locking in the admin: the change form carries the version it was opened at.

    Saving is refused with a form error when the record (or the record holding the version, e.g.
    a priority's plan) was saved by someone else in between; nothing is overwritten. The check
    locks the row inside the admin's transaction, so two simultaneous saves cannot both pass.
    """

    form = VersionCheckedForm

    def version_holder(self, obj):
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.version_holder = staticmethod(self.version_holder)
        return form

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*(f for f in fields if f != "seen_version"), "seen_version"]

    def save_model(self, request, obj, form, change):
        if change:
            holder = self.version_holder(obj)
            holder.version = type(holder).objects.get(pk=holder.pk).version + 1
            if holder is not obj:
                holder.save(update_fields=["version"])
        super().save_model(request, obj, form, change)


class UserChangeForm(VersionCheckedForm, auth_forms.UserChangeForm):
    """Django's user change form, version-checked: two role edits cannot overwrite each other
    (e.g. a deactivation silently undone by a concurrent change of organization)."""


@admin.register(WhoRegion)
class WhoRegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_fr", "regional_office_city")
    search_fields = ("code", "name_en", "name_fr")


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = ("iso3", "name_en", "name_fr", "who_region", "income_group")
    list_filter = ("who_region", "income_group")
    search_fields = ("iso3", "iso2", "name_en", "name_fr")
    list_select_related = ("who_region",)
    readonly_fields = ("iso3",)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "type", "headquarters", "website")
    list_filter = ("type", "headquarters__who_region")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("headquarters",)
    list_select_related = ("headquarters",)


@admin.register(User)
class UserAdmin(VersionCheckedAdmin, BaseUserAdmin):
    form = UserChangeForm
    add_form = AdminUserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "member_state", "organization", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups", "member_state__who_region")
    search_fields = ("email", "full_name", "member_state__name_en", "organization__name")
    autocomplete_fields = ("member_state", "organization")
    list_select_related = ("member_state", "organization")
    fieldsets = (
        (None, {"fields": ("email", "password", "seen_version")}),
        (_("Person"), {"fields": ("full_name",)}),
        (
            _("Role"),
            {
                "fields": ("member_state", "organization", "is_staff", "groups"),
                "description": _(
                    "A focal point has a member state; a partner member has an organization; "
                    "the secretariat is staff in the Secretariat group."
                ),
            },
        ),
        (_("Access"), {"fields": ("is_active", "is_superuser", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "member_state",
                    "organization",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not permissions.can_grant_superuser(request.user):
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and permissions.can_change_user(request.user, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__email", "hint")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "hint", "created_at", "last_used_at", "verified_with")
    fields = ("user", "name", "hint", "created_at", "last_used_at", "verified_with", "revoked_at")

    def has_add_permission(self, request):
        return False


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


@admin.register(GdhmComponent)
class GdhmComponentAdmin(admin.ModelAdmin):
    list_display = ("number", "name_en", "name_fr")


@admin.register(GdhmIndicator)
class GdhmIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "component", "parent")
    list_filter = ("component",)
    search_fields = ("code", "name", "definition")
    list_select_related = ("component", "parent")


@admin.register(ReportingCycle)
class ReportingCycleAdmin(admin.ModelAdmin):
    list_display = ("year", "opens_on", "closes_on")


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


class AuditEventsAdmin(EventsAdmin):
    """The audit trail of every tracked model (django-pghistory), read by the secretariat.

    Reached from "Audit trail" on each tracked record's change page (filtered to the record and
    the rows that reference it, e.g. a profile's answers) or from the admin index. Each row says
    when, who, from where, which operation, and what changed field by field; everything comes
    from the one events query (the context is denormalised JSON), so a page costs two queries.
    """

    list_display = ("when", "record", "operation", "author", "origin", "changes")
    list_per_page = 50
    # Counting every event of every table on each filtered page would cost a second union.
    show_full_result_count = False

    def get_list_display(self, request):
        return self.list_display

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    @admin.display(description=_("at"), ordering="pgh_created_at")
    def when(self, event):
        return event.pgh_created_at

    @admin.display(description=_("action"), ordering="pgh_label")
    def operation(self, event):
        return event.pgh_label

    @admin.display(description=_("record"))
    def record(self, event):
        return f"{event.pgh_obj_model} #{event.pgh_obj_id}" if event.pgh_obj_id else event.pgh_model

    @admin.display(description=_("by"))
    def author(self, event):
        context = event.pgh_context or {}
        return context.get("user_email") or (
            _("user #%(id)s") % {"id": context["user"]} if context.get("user") else "—"
        )

    @admin.display(description=_("from"))
    def origin(self, event):
        context = event.pgh_context or {}
        if context.get("url"):
            return context["url"]
        if context.get("task"):
            return _("task %(name)s") % {"name": context["task"]}
        if context.get("command"):
            return _("command %(name)s") % {"name": context["command"]}
        return "—"

    @admin.display(description=_("changes"))
    def changes(self, event):
        if event.pgh_label in ("add", "remove"):  # a many-to-many link: which two rows
            return format_html_join(
                mark_safe("<br>"), "{}: {}", sorted((event.pgh_data or {}).items())
            )
        diff = event.pgh_diff or {}
        if not diff:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} → {}",
            (
                (field, _shown(before), _shown(after))
                for field, (before, after) in sorted(diff.items())
            ),
        )


def _shown(value):
    return "∅" if value in (None, "") else value
