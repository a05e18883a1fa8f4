from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.permissions import is_secretariat
from members.workflow import ConflictError

from . import permissions, services
from .models import Commitment, ExchangeRate, InvestmentPlan, Priority, PriorityCost


class SecretariatAdmin(admin.ModelAdmin):
    """The secretariat curates investments data in the admin (the group carries no model
    permissions: the role decides). Plans and commitments are never deleted here."""

    deletable = False

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request, obj=None):
        return is_secretariat(request.user) and self.deletable

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user) and self.deletable


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SecretariatAdmin):
    deletable = True
    list_display = ("currency", "year", "units_per_usd", "source")
    list_filter = ("year",)
    search_fields = ("currency",)
    ordering = ("currency", "year")


class PriorityInline(admin.TabularInline):
    can_delete = False
    model = Priority
    fields = ("rank", "title", "component", "implementing_agency")
    extra = 0
    show_change_link = True


@admin.register(InvestmentPlan)
class InvestmentPlanAdmin(SecretariatAdmin):
    list_display = ("title", "member_state", "start_year", "end_year", "currency", "status")
    list_filter = ("status", "member_state__who_region", "currency")
    search_fields = ("title", "member_state__name_en", "member_state__iso3")
    list_select_related = ("member_state",)
    readonly_fields = ("status", "version", "created_by", "created_at", "updated_at")
    autocomplete_fields = ("member_state",)
    inlines = [PriorityInline]
    actions = ["approve_plans"]

    @admin.action(description=_("Approve the selected submitted plans"))
    def approve_plans(self, request, queryset):
        done = 0
        for plan in queryset:
            if not permissions.can_review_plan(request.user, plan):
                continue
            try:
                services.approve_plan(plan=plan, by=request.user)
            except (ValidationError, ConflictError) as error:
                self.message_user(request, f"{plan}: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, ngettext("%d plan approved.", "%d plans approved.", done) % done)


class PriorityCostInline(admin.TabularInline):
    can_delete = False
    model = PriorityCost
    extra = 0


@admin.register(Priority)
class PriorityAdmin(SecretariatAdmin):
    list_display = ("title", "plan", "rank", "component")
    list_filter = ("component",)
    search_fields = ("title", "plan__title", "plan__member_state__name_en")
    list_select_related = ("plan__member_state", "component")
    autocomplete_fields = ("interventions",)
    raw_id_fields = ("plan",)
    inlines = [PriorityCostInline]


@admin.register(Commitment)
class CommitmentAdmin(SecretariatAdmin):
    list_display = (
        "__str__",
        "plan",
        "kind",
        "status",
        "currency",
        "year",
        "verified_at",
    )
    list_filter = ("status", "kind", ("verified_at", admin.EmptyFieldListFilter), "currency")
    search_fields = ("organization__name", "plan__title", "plan__member_state__name_en")
    list_select_related = ("plan__member_state", "organization")
    raw_id_fields = ("plan", "priority", "organization")
    readonly_fields = ("verified_at", "verified_by", "recorded_by", "created_at", "updated_at")
    actions = ["verify_commitments"]

    @admin.action(description=_("Verify the selected commitments"))
    def verify_commitments(self, request, queryset):
        done = 0
        for commitment in queryset.filter(verified_at__isnull=True):
            if permissions.can_verify_commitment(request.user, commitment):
                services.verify_commitment(commitment=commitment, by=request.user)
                done += 1
        self.message_user(
            request,
            ngettext("%d commitment verified.", "%d commitments verified.", done) % done,
        )
