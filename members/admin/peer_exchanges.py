"""Peer exchange requests: read-only for the secretariat; focal points send and answer them
through the services (members/services/peer_exchanges.py), which audit and notify."""

from django.contrib import admin

from ..models import PeerExchangeRequest


@admin.register(PeerExchangeRequest)
class PeerExchangeRequestAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "from_member_state",
        "to_member_state",
        "indicator",
        "topic",
        "status",
        "responded_at",
    )
    list_filter = ("status", "from_member_state__who_region")
    search_fields = ("topic", "from_member_state__name_en", "to_member_state__name_en")
    list_select_related = ("from_member_state", "to_member_state", "indicator")
    readonly_fields = [field.name for field in PeerExchangeRequest._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
