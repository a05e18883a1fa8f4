"""The members app's admin, one module per area; `VersionCheckedAdmin` serves every app's admin
and `AuditEventsAdmin` the audit trail (PGHISTORY_ADMIN_CLASS)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import peer_exchanges, profiles, reference_data, reminders, users
from .audit import AuditEventsAdmin
from .version_checked import VersionCheckedAdmin, VersionCheckedForm

admin.site.site_header = _("GIDH Portal administration")
admin.site.site_title = _("GIDH Portal")
admin.site.index_title = _("Secretariat")
