"""Ending a user's access: deactivation ends their sessions and revokes their tokens."""

from django.db import transaction

from ..models import (
    User,
)


@transaction.atomic
def deactivate_user(*, user) -> User:
    """Deactivate an account: it can no longer log in, and its sessions and API tokens end now
    (by `end_access_of_deactivated_user`, which every save of a deactivated user runs)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def set_email_language(*, user, language) -> User:
    """Set the language of the mail the portal sends the user ("": the portal's default)."""
    user.language = language
    user.save(update_fields=["language"])
    return user


def end_access_of_deactivated_user(sender, instance, update_fields=None, **kwargs):
    """post_save of User: a deactivated account keeps no session and no API token, whoever
    deactivated it (this service, the admin, a script saving the model). A security invariant,
    hence a receiver rather than a call each interface might forget; bulk updates are covered
    by `UserQuerySet.update`."""
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    User.objects.filter(pk=instance.pk).end_access()
