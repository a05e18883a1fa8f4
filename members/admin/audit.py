"""The audit trail's list (`PGHISTORY_ADMIN_CLASS`)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin

from ..permissions import is_secretariat


class AuditEventsAdmin(EventsAdmin):
    """The audit trail of every tracked model (django-pghistory), read by the secretariat.

    Reached from "Audit trail" on each tracked record's change page (filtered to the record and
    the rows that reference it, e.g. a profile's answers) or from the admin index. Each row says
    when, who, from where, which operation, and what changed field by field; everything comes
    from the one events query (the context is denormalised JSON), so a page costs two queries.
    """

    list_display = ("when", "record", "operation", "author", "origin", "changes")
    list_per_page = 50
    # Counting every event of every table on each filtered page would cost a second union.
    show_full_result_count = False

    def get_list_display(self, request):
        return self.list_display

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    @admin.display(description=_("at"), ordering="pgh_created_at")
    def when(self, event):
        return event.pgh_created_at

    @admin.display(description=_("action"), ordering="pgh_label")
    def operation(self, event):
        return event.pgh_label

    @admin.display(description=_("record"))
    def record(self, event):
        return f"{event.pgh_obj_model} #{event.pgh_obj_id}" if event.pgh_obj_id else event.pgh_model

    @admin.display(description=_("by"))
    def author(self, event):
        context = event.pgh_context or {}
        return context.get("user_email") or (
            _("user #%(id)s") % {"id": context["user"]} if context.get("user") else "—"
        )

    @admin.display(description=_("from"))
    def origin(self, event):
        context = event.pgh_context or {}
        if context.get("url"):
            return context["url"]
        if context.get("task"):
            return _("task %(name)s") % {"name": context["task"]}
        if context.get("command"):
            return _("command %(name)s") % {"name": context["command"]}
        return "—"

    @admin.display(description=_("changes"))
    def changes(self, event):
        if event.pgh_label in ("add", "remove"):  # a many-to-many link: which two rows
            return format_html_join(
                mark_safe("<br>"), "{}: {}", sorted((event.pgh_data or {}).items())
            )
        diff = event.pgh_diff or {}
        if not diff:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} → {}",
            (
                (field, _shown(before), _shown(after))
                for field, (before, after) in sorted(diff.items())
            ),
        )


def _shown(value):
    return "∅" if value in (None, "") else value
