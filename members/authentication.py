"""`Authorization: Bearer <token>` with the personal API tokens of the account page."""

import functools

from django.utils.translation import gettext_lazy as _
from django_otp.middleware import is_verified
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from gidh_portal.audit import attribute_to
from gidh_portal.throttling import InvalidTokenThrottle

from .models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Malformed Authorization header: use “Bearer <token>”.")
            )
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("The token contains invalid characters.")
            ) from exc
        token = (
            ApiToken.objects.active()
            .select_related("user", "user__member_state", "user__organization", "verified_with")
            .filter(digest=ApiToken.digest_of(raw))
            .first()
        )
        if token is None:
            throttle = InvalidTokenThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(wait=throttle.wait())
            raise exceptions.AuthenticationFailed(
                _("Invalid or revoked API token. Create a new one on your account page.")
            )
        token.mark_used()
        user = token.user
        # As django-otp's middleware does for a session: the token's caller is verified with the
        # device that had verified the session the token was created in (if any).
        user.otp_device = token.verified_with
        user.is_verified = functools.partial(is_verified, user)
        # The audit context was opened by the middleware before DRF knew who is calling.
        attribute_to(user)
        return user, token

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "members.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token created on the account page. The secretariat's actions "
                "(approve, return, verify, publish) need a token created while the session was "
                "verified with a second factor (the code of an authenticator app); another "
                "token of a staff account gets 403 for them."
            ),
        }
