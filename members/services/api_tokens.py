"""Personal API tokens: created (the raw token is returned once, only its digest kept) and
revoked."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    ApiToken,
)


@transaction.atomic
def create_api_token(*, user, name, verified_with=None) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the raw value, which is never stored.

    `verified_with` is the device that verified the creating session (`request.user.otp_device`):
    the token then acts with that second factor; without it a staff account's token may not do
    privileged actions."""
    if verified_with is not None and (
        verified_with.user_id != user.pk or not verified_with.confirmed
    ):
        raise ValidationError(_("This second factor is not a confirmed device of the account."))
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        digest=ApiToken.digest_of(raw),
        hint=raw[:10],
        verified_with=verified_with,
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token) -> ApiToken:
    """Revoke a token; a revoked token is refused from then on. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
