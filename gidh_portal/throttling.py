"""API throttling, and the one definition of a client's IP address (also used by django-axes).

The rates are read from the settings at each request (`THROTTLE_ANON`, `THROTTLE_USER`; None
turns one off), not frozen into DRF's class attributes at import, so tests and deployments can
change them. Counts live in the default cache: Redis, shared by every web node.
"""

from django.conf import settings
from rest_framework import throttling


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind NUM_PROXIES proxies the address the
    outermost of them appended to X-Forwarded-For (what the client wrote there is ignored)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.NUM_PROXIES and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(settings.NUM_PROXIES, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


class _SettingsRate:
    rate_setting = ""

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    def get_ident(self, request):
        return client_ip(request)


class AnonymousRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Anonymous API requests per client IP address, at THROTTLE_ANON."""

    rate_setting = "THROTTLE_ANON"


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Authenticated API requests per user, at THROTTLE_USER."""

    rate_setting = "THROTTLE_USER"


class InvalidTokenThrottle(_SettingsRate, throttling.SimpleRateThrottle):
    """Requests with an invalid API token per client IP address, at THROTTLE_ANON: a refused
    token is answered before the other throttles run, so guessing tokens is counted here."""

    rate_setting = "THROTTLE_ANON"
    scope = "invalid-token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
