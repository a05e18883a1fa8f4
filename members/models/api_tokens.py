"""Personal API tokens, stored as digests."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def revoke(self):
        """Revoke these tokens (those already revoked keep their date)."""
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    PREFIX = "gidh_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = input_limits.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    digest = input_limits.CharField(max_length=64, unique=True, editable=False)
    hint = input_limits.CharField(
        _("first characters"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The authenticator that had verified the session the token was created in: the token acts
    # with that second factor (members.permissions.needs_second_factor). Removing the device (a
    # lost phone) takes the second factor away from its tokens too.
    verified_with = models.ForeignKey(
        "otp_totp.TOTPDevice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="api_tokens",
        verbose_name=_("second factor"),
        help_text=_(
            "The authenticator app that verified the session this token was created in. Only "
            "such a token may approve, return, verify or publish for a staff account."
        ),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(raw_token):
        return hashlib.sha256(raw_token.encode()).hexdigest()

    @classmethod
    def generate(cls):
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self):
        return self.revoked_at is None

    @property
    def has_second_factor(self):
        return self.verified_with_id is not None

    def mark_used(self):
        now = timezone.now()
        # Written at most once a minute per token, so reads through the API stay read-only.
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
