"""Writes in the members app."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from .models import SECRETARIAT_GROUP, ApiToken


@transaction.atomic
def create_api_token(*, user, name) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the raw value, which is never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), digest=ApiToken.digest_of(raw), hint=raw[:10]
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token) -> ApiToken:
    """Revoke a token; a revoked token is refused from then on. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


SECRETARIAT_APPS = ("members", "resources", "investments")
# Reference data is curated in the admin but never deleted from it.
SECRETARIAT_EXCLUDED_PERMISSIONS = {"delete_memberstate", "delete_whoregion", "delete_user"}


def grant_secretariat_permissions(**kwargs):
    """Give the Secretariat group every permission of the portal's apps (post_migrate hook)."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS).exclude(
        codename__in=SECRETARIAT_EXCLUDED_PERMISSIONS
    )
    group.permissions.add(*permissions)
