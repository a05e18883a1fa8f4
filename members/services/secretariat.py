"""The Secretariat group's permissions, granted after every migration."""

from django.contrib.auth.models import Group, Permission

from ..models import (
    SECRETARIAT_GROUP,
)

SECRETARIAT_APPS = ("members", "resources", "investments")
# Staff may see lockouts and lost authenticator devices, lift and remove them, never add one.
SECRETARIAT_ACCOUNT_PERMISSIONS = (
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
)
# Reference data is curated in the admin but never deleted from it.
SECRETARIAT_EXCLUDED_PERMISSIONS = {"delete_memberstate", "delete_whoregion", "delete_user"}


def grant_secretariat_permissions(**kwargs):
    """Give the Secretariat group every permission of the portal's apps (post_migrate hook)."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS).exclude(
        codename__in=SECRETARIAT_EXCLUDED_PERMISSIONS
    )
    group.permissions.add(*permissions)
    for app_label, codename in SECRETARIAT_ACCOUNT_PERMISSIONS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
