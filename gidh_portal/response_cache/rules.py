"""Which requests and responses the response cache keeps, and the key of a kept response."""

import hashlib

from django.conf import settings
from django.utils.cache import has_vary_header

EXCLUDED_PREFIXES = ("/admin/", "/account", "/my-country/", "/i18n/", "/profiles/", "/healthz")


def cacheable_request(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    if any(name not in allowed for name in request.COOKIES):
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


def cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return not has_vary_header(response, "Authorization")


def response_key(request, versions):
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.META.get("HTTP_ACCEPT", ""),
        *map(str, versions),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"response:{digest}"
