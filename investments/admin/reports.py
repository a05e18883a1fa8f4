"""Transparency reports, their runs and the schedule of the monthly run in the admin."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from members.permissions import is_secretariat

from ..models import ReportRun, TransparencyReport
from ..reports import services as report_services
from .secretariat import SecretariatAdmin


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
