"""Offers in the admin: the secretariat curates partners' offers (adds, corrects, closes)."""

from django.contrib import admin

from members.admin import VersionCheckedAdmin
from members.permissions import is_secretariat

from ..models import Offer
from ..services.offers import capacity_in_usd
from .secretariat import SecretariatAdmin


@admin.register(Offer)
class OfferAdmin(VersionCheckedAdmin, SecretariatAdmin):
    list_display = (
        "title",
        "organization",
        "kind",
        "status",
        "first_year",
        "last_year",
        "capacity_amount",
        "currency",
        "capacity_usd",
        "updated_at",
    )
    list_filter = ("status", "kind", "who_regions", "components", "first_year")
    search_fields = ("title", "description", "organization__name", "organization__acronym")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)
    filter_horizontal = ("interventions", "components", "who_regions", "member_states")
    readonly_fields = ("capacity_usd", "version", "created_by", "created_at", "updated_at")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interventions":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                version="v2", level="intervention"
            ).order_by("sort_key")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def save_model(self, request, obj, form, change):
        # The stored USD value follows the capacity as the services compute it.
        obj.currency = (obj.currency or "").upper()
        obj.capacity_usd = capacity_in_usd(obj.capacity_amount, obj.currency, obj.first_year)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
