"""The reminders and weekly summaries sent, read-only: each row is a mail decided once."""

from django.contrib import admin

from ..models import CycleReminder, SecretariatSummary


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CycleReminder)
class CycleReminderAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "cycle", "threshold", "member_state", "user", "sent_at")
    list_filter = ("cycle", "threshold", "member_state__who_region")
    search_fields = ("user__email", "member_state__name_en")
    list_select_related = ("cycle", "member_state", "user")
    date_hierarchy = "created_at"
    fields = ("cycle", "threshold", "member_state", "user", "created_at", "sent_at")
    readonly_fields = fields


@admin.register(SecretariatSummary)
class SecretariatSummaryAdmin(ReadOnlyAdmin):
    list_display = ("week", "user", "created_at", "sent_at")
    list_filter = ("week",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("week", "user", "created_at", "sent_at")
    readonly_fields = fields
