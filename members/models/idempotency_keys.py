"""The `Idempotency-Key`s of API creates and their first responses."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gidh_portal import input_limits


class IdempotencyKeyQuerySet(models.QuerySet):
    def expired(self, *, now=None):
        """Keys older than `IdempotencyKey.LIFETIME`: no longer replayed, and deleted hourly."""
        return self.filter(created_at__lte=(now or timezone.now()) - IdempotencyKey.LIFETIME)


class IdempotencyKey(models.Model):
    """A caller's `Idempotency-Key` on a create, with the request's fingerprint and the first
    response, which repeats of the request get instead of a second creation
    (members/idempotency.py). Here because a key belongs to a user."""

    LIFETIME = datetime.timedelta(hours=24)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = input_limits.CharField(max_length=255)
    fingerprint = input_limits.CharField(
        max_length=64, help_text="SHA-256 of method, path and body."
    )
    operation = input_limits.CharField(max_length=300, help_text="Method and path, for messages.")
    # Empty only inside the transaction that claims the key: a request that ends without a
    # successful response rolls its claim back.
    response_status = models.PositiveSmallIntegerField(null=True)
    # The response's JSON text as first sent (a replay is the same bytes, keys in order); a
    # create's response is a record, far below the bound.
    response_body = input_limits.TextField(max_length=1_000_000, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user"),
            models.CheckConstraint(
                condition=Q(response_status__isnull=True)
                | Q(response_status__gte=200, response_status__lt=300),
                name="idempotency_key_keeps_successes_only",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self):
        return f"{self.key} ({self.operation})"
