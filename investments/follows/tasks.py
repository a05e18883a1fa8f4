"""The digests' Celery tasks: the hourly beat entry fans out one task a due user; each task
sends at most one digest a period (services.send_digest)."""

from celery import shared_task

from members.models import User

from . import services


@shared_task(name="investments.send_due_digests")
def send_due_digests():
    """Queue the digest of every user due one (beat, hourly): returns how many were queued."""
    user_ids = services.due_digest_user_ids()
    for user_id in user_ids:
        send_digest.delay(user_id)
    return len(user_ids)


@shared_task(name="investments.send_digest")
def send_digest(user_id):
    """Send one user's digest of this period, if not sent yet: returns the number of items
    (None when nothing was due). Idempotent: a repeat finds the period claimed."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    claim = services.send_digest(user=user)
    return claim.item_count if claim is not None else None
