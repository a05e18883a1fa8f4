"""The Content-Security-Policy header, built once from the settings (README "Performance").

django-csp's middleware builds the policy string from the settings on every response, twice
(enforced and report-only), through a dataclass copy and set sorting: about 0.1 ms a request for
a string that only changes with the settings. The portal sets no policy per view (no
`@csp_update`, no nonce), so the header is built once per settings value and reused; a response
or request that does carry its own parts still goes through django-csp's own code.
"""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

PARTS = ("_csp_config", "_csp_update", "_csp_replace")
PARTS_REPORT_ONLY = ("_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
EXEMPT_IN_DEBUG = (404, 500)


@cache
def _headers():
    """(header, value, excluded path prefixes) for each policy the settings define."""
    headers = []
    for header, name, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        value = build_policy(report_only=report_only)
        if value:
            policy = getattr(settings, name, None) or {}
            headers.append((header, value, tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())))
    return tuple(headers)


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        _headers.cache_clear()


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, with the settings' policy built once: the same headers."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, part, None) is not None for part in PARTS + PARTS_REPORT_ONLY
        ):
            return super().process_response(request, response)
        if response.status_code in EXEMPT_IN_DEBUG and settings.DEBUG:
            return response
        for header, value, excluded in _headers():
            exempt = "_csp_exempt_ro" if header == HEADER_REPORT_ONLY else "_csp_exempt"
            if (
                header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
