"""The reference data: WHO regions, member states, organizations, the GDHM, reporting cycles."""

from django.contrib import admin

from ..models import (
    GdhmComponent,
    GdhmIndicator,
    MemberState,
    Organization,
    ReportingCycle,
    WhoRegion,
)


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
