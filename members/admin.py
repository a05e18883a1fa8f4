from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminUserCreationForm
from .models import (
    ApiToken,
    GdhmComponent,
    GdhmIndicator,
    MemberState,
    Organization,
    User,
    WhoRegion,
)
from .workflow import ReviewEvent

admin.site.site_header = _("GIDH Portal administration")
admin.site.site_title = _("GIDH Portal")
admin.site.index_title = _("Secretariat")


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
class UserAdmin(BaseUserAdmin):
    add_form = AdminUserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "member_state", "organization", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups", "member_state__who_region")
    search_fields = ("email", "full_name", "member_state__name_en", "organization__name")
    autocomplete_fields = ("member_state", "organization")
    list_select_related = ("member_state", "organization")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__email", "hint")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "hint", "created_at", "last_used_at")
    fields = ("user", "name", "hint", "created_at", "last_used_at", "revoked_at")

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
