from django.contrib import admin

from .models import DigitalHealthIntervention, HealthSystemChallenge


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
