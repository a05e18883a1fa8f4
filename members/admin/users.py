"""Users and their roles (version-checked), and their API tokens."""

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms import AdminUserCreationForm
from ..models import (
    ApiToken,
    User,
)
from .version_checked import VersionCheckedAdmin, VersionCheckedForm


class UserChangeForm(VersionCheckedForm, auth_forms.UserChangeForm):
    """Django's user change form, version-checked: two role edits cannot overwrite each other
    (e.g. a deactivation silently undone by a concurrent change of organization)."""


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
        (_("Person"), {"fields": ("full_name", "language")}),
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
