"""The middleware that serves anonymous GET requests from the cache, with each requester's own
CSRF token."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.http import http_date

from .rules import cacheable_request, cacheable_response, response_key
from .versions import data_changed, data_versions

CSRF_PLACEHOLDER = b"__gidh_csrf_token__"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


class ResponseCacheMiddleware:
    """Innermost middleware (last in MIDDLEWARE), so the outer ones (security headers, CSRF
    cookie, Vary) still apply to cached responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.path.startswith("/admin/"):
            # The admin writes without the services: every app's data may have changed.
            response = self.get_response(request)
            if response.status_code < 400:
                data_changed()
            return response
        if not settings.RESPONSE_CACHE or not cacheable_request(request):
            return self.get_response(request)
        versions = data_versions()
        key = response_key(request, versions)
        stored = cache.get(key)
        if stored is not None:
            return self._rebuild(request, stored, hit=True)
        response = self.get_response(request)
        if cacheable_response(response):
            stored = self._store(key, response, versions)
            return self._rebuild(request, stored, hit=False)
        return response

    def _store(self, key, response, versions):
        body = response.content
        match = CSRF_INPUT.search(body)
        if match:
            body = body.replace(match.group(1), CSRF_PLACEHOLDER)
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() not in ("set-cookie", "content-length", "etag", "last-modified")
        }
        headers["ETag"] = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        headers["Last-Modified"] = http_date(max(versions) / 1e6)
        stored = (response.status_code, headers, body)
        cache.set(key, stored, settings.RESPONSE_CACHE_SECONDS)
        return stored

    def _rebuild(self, request, stored, *, hit):
        status, headers, body = stored
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=status)
        for name, value in headers.items():
            response[name] = value
        response["X-Response-Cache"] = "hit" if hit else "miss"
        return response
