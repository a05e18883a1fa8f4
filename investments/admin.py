from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from members.admin import VersionCheckedAdmin
from members.permissions import is_secretariat
from members.workflow import ConflictError

from . import permissions, rate_services, services
from .forms import ExchangeRateForm, ExchangeRatesFileForm
from .models import (
    Commitment,
    ExchangeRate,
    InvestmentPlan,
    Priority,
    PriorityCost,
    ReportRun,
    TransparencyReport,
)
from .reports import services as report_services


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
    """Rates one by one, or a year's from a CSV file ("Load rates from a CSV file"): the same
    form checks both (`ExchangeRateForm`)."""

    deletable = True
    form = ExchangeRateForm
    list_display = ("currency", "year", "units_per_usd", "source")
    list_filter = ("year",)
    search_fields = ("currency",)
    ordering = ("currency", "year")

    def get_urls(self):
        load = path(
            "load/",
            self.admin_site.admin_view(self.load_view),
            name="investments_exchangerate_load",
        )
        return [load, *super().get_urls()]

    def load_view(self, request):
        """Upload a CSV file of rates: `rate_services.load_exchange_rates`, then the list."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ExchangeRatesFileForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                loaded = rate_services.load_exchange_rates(file=form.cleaned_data["file"])
            except rate_services.RatesFileError as error:
                problems = error.messages
            else:
                self.message_user(request, _loaded_message(loaded), messages.SUCCESS)
                return redirect("admin:investments_exchangerate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "problems": problems,
            "title": _("Load exchange rates from a CSV file"),
        }
        return TemplateResponse(request, "admin/investments/exchangerate/load.html", context)


def _loaded_message(loaded):
    message = _(
        "Rates loaded: %(added)s added, %(changed)s changed, %(unchanged)s unchanged "
        "(years %(years)s). Every plan's figures are derived again."
    ) % {
        "added": loaded.added,
        "changed": loaded.changed,
        "unchanged": loaded.unchanged,
        "years": ", ".join(str(year) for year in loaded.years),
    }
    provisional = _("Provisional conversions: %(before)s before, %(after)s now.") % {
        "before": loaded.provisional_before,
        "after": loaded.provisional_after,
    }
    return f"{message} {provisional}"


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


@admin.register(Commitment)
class CommitmentAdmin(VersionCheckedAdmin, SecretariatAdmin):
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
    readonly_fields = (
        "version",
        "verified_at",
        "verified_by",
        "recorded_by",
        "created_at",
        "updated_at",
    )
    actions = ["verify_commitments"]

    @admin.action(description=_("Verify the selected commitments"))
    def verify_commitments(self, request, queryset):
        done = 0
        for commitment in queryset.filter(verified_at__isnull=True):
            if permissions.can_verify_commitment(request.user, commitment):
                # The list carries no versions: the action verifies each row as it is now.
                services.verify_commitment(
                    commitment=commitment, by=request.user, version=commitment.version
                )
                done += 1
        self.message_user(
            request,
            ngettext("%d commitment verified.", "%d commitments verified.", done) % done,
        )


@admin.register(TransparencyReport)
class TransparencyReportAdmin(SecretariatAdmin):
    """Snapshots are generated, never edited: the secretariat reviews drafts and publishes them."""

    list_display = ("scope", "period", "revision", "status", "generated_at", "published_at", "link")
    list_filter = ("status", "scope", "period")
    readonly_fields = (
        "scope",
        "period",
        "revision",
        "status",
        "generated_at",
        "data_cutoff",
        "generator_version",
        "published_at",
        "run",
        "data",
    )
    actions = ["publish_reports"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View"))

    @admin.action(description=_("Publish the selected draft reports"))
    def publish_reports(self, request, queryset):
        drafts = queryset.filter(status=TransparencyReport.Status.DRAFT)
        for report in drafts:
            report_services.publish_report(report=report)
        done = len(drafts)
        self.message_user(
            request, ngettext("%d report published.", "%d reports published.", done) % done
        )


@admin.register(ReportRun)
class ReportRunAdmin(SecretariatAdmin):
    """Adding a run starts it: the task generates the period's reports in the background."""

    deletable = False
    list_display = ("period", "trigger", "status", "progress", "requested_by", "created_at")
    list_filter = ("status", "trigger")
    fields = ("period", "publish")
    readonly_fields = (
        "trigger",
        "requested_by",
        "task_id",
        "status",
        "progress",
        "started_at",
        "finished_at",
        "failures",
    )

    def has_add_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user) and obj is None

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ("period", "publish", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("period", "publish", *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        run = report_services.request_report_run(
            period=obj.period,
            publish=obj.publish,
            trigger=ReportRun.Trigger.ADMIN,
            by=request.user,
        )
        obj.pk = run.pk
        obj._state.adding = False

    @admin.display(description=_("progress"))
    def progress(self, obj):
        done, total = report_services.run_progress(run=obj)
        if not total:
            return "—"
        return ngettext("%(done)d of %(total)d report", "%(done)d of %(total)d reports", total) % {
            "done": done,
            "total": total,
        }


class BeatScheduleAdmin:
    """django-celery-beat's schedule pages, open to the secretariat role (not only superusers)."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user)


for _model, _base in (
    (PeriodicTask, beat_admin.PeriodicTaskAdmin),
    (CrontabSchedule, beat_admin.CrontabScheduleAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (BeatScheduleAdmin, _base), {}))
