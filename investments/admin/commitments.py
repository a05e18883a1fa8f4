"""Commitments in the admin: verification and stage changes through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.admin import VersionCheckedAdmin

from .. import permissions, services
from ..models import Commitment
from .secretariat import SecretariatAdmin


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
