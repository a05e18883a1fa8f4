from django.contrib import admin

from members.admin import VersionCheckedAdmin

from .models import DigitalHealthIntervention, HealthSystemChallenge, Resource, ResourceLanguage


@admin.register(DigitalHealthIntervention)
class DigitalHealthInterventionAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "version", "level", "group")
    list_filter = ("version", "level", "group")
    search_fields = ("code", "label")
    list_select_related = ("parent",)


@admin.register(HealthSystemChallenge)
class HealthSystemChallengeAdmin(admin.ModelAdmin):
    list_display = ("label", "group", "source")
    list_filter = ("group",)
    search_fields = ("label",)


class ResourceLanguageInline(admin.TabularInline):
    model = ResourceLanguage
    extra = 1


@admin.register(Resource)
class ResourceAdmin(VersionCheckedAdmin):
    list_display = ("title", "kind", "publisher", "publication_year", "status", "quality_assured")
    list_filter = ("status", "kind", "quality_assured", "licence")
    search_fields = ("title", "slug")
    list_select_related = ("publisher",)
    readonly_fields = ("slug", "status", "version", "proposed_by", "created_at", "updated_at")
    autocomplete_fields = ("publisher",)
    filter_horizontal = ("interventions", "gdhm_components", "challenges", "member_states")
    inlines = [ResourceLanguageInline]
