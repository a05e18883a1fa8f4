"""Investment plans and their priorities in the admin."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.admin import VersionCheckedAdmin
from members.workflow import ConflictError

from .. import permissions, services
from ..models import InvestmentPlan, Priority, PriorityCost
from .secretariat import SecretariatAdmin


class PriorityInline(admin.TabularInline):
    can_delete = False
    model = Priority
    fields = ("rank", "title", "component", "implementing_agency")
    extra = 0
    show_change_link = True


@admin.register(InvestmentPlan)
class InvestmentPlanAdmin(VersionCheckedAdmin, SecretariatAdmin):
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
class PriorityAdmin(VersionCheckedAdmin, SecretariatAdmin):
    list_display = ("title", "plan", "rank", "component")
    list_filter = ("component",)
    search_fields = ("title", "plan__title", "plan__member_state__name_en")
    list_select_related = ("plan__member_state", "component")
    autocomplete_fields = ("interventions",)
    raw_id_fields = ("plan",)
    inlines = [PriorityCostInline]

    def version_holder(self, obj):
        # A priority is part of its plan: the plan's version covers it, as in the services.
        return obj.plan
