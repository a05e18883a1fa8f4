"""Caching of anonymous pages and public API responses in the shared cache (Redis).

- Only GET requests without credentials are cached: no `Authorization` header and no cookie
  but the language and CSRF cookies (a session or messages cookie means a logged-in user or
  a pending message, and bypasses the cache). Only 200 responses that set no cookie are kept.
- The key holds the method, scheme, host, full path with its query string, the active
  language, the `Accept` header (API format negotiation) and the **data versions** of the three
  apps. The services bump their app's version after their transaction commits
  (`data_changed("investments")`), so the next request misses and renders fresh data; nothing
  is ever served stale past a committed write. Admin writes bump every version, and so do
  `manage.py restore` and `manage.py seed_demo` (`every_data_changed()`).
- Pages carry a CSRF token (the language switcher's form): it is stored as a placeholder and
  each hit gets the requester's own token (and CSRF cookie), never someone else's.
- Cached and fresh responses carry an `ETag` (of the stored body) and a `Last-Modified` (the
  latest data version); Django's ConditionalGetMiddleware answers 304 to a matching
  `If-None-Match` / `If-Modified-Since`.

`RESPONSE_CACHE=0` turns it off (the benchmark measures both); `RESPONSE_CACHE_SECONDS` bounds
how long an entry lives (default 600 s, for what depends on the date rather than the data).
"""

import functools
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import has_vary_header
from django.utils.http import http_date

APPS = ("members", "resources", "investments")
VERSION_KEYS = [f"data-version:{app}" for app in APPS]
CSRF_PLACEHOLDER = b"__gidh_csrf_token__"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
EXCLUDED_PREFIXES = ("/admin/", "/account", "/my-country/", "/i18n/", "/profiles/", "/healthz")


def data_changed(*apps):
    """Bump the data version of `apps` once the current transaction commits (call from services).

    Only while a cache keyed by the versions is on (the response cache or the benchmark cache;
    nothing to invalidate otherwise): after running with both off, clear the cache (or wait
    RESPONSE_CACHE_SECONDS) before turning one back on."""
    if versioned_caches_on():
        transaction.on_commit(lambda: _bump(apps or APPS))


def every_data_changed():
    """Bump every app's data version now: after data was replaced without the services
    (`manage.py restore`, `manage.py seed_demo`). Whatever this process's RESPONSE_CACHE and
    BENCHMARK_CACHE say: the web nodes' may differ."""
    _bump(APPS)


def versioned_caches_on():
    return settings.RESPONSE_CACHE or settings.BENCHMARK_CACHE


def _bump(apps):
    now = time.time_ns() // 1000
    cache.set_many({f"data-version:{app}": now for app in apps}, timeout=None)


def data_versions():
    """The current version of each app (microseconds since the epoch of its last change)."""
    versions = cache.get_many(VERSION_KEYS)
    missing = {key: 0 for key in VERSION_KEYS if key not in versions}
    if missing:
        # First use of this cache: start every app at "now", so nothing older can match.
        now = time.time_ns() // 1000
        missing = {key: now for key in missing}
        cache.set_many(missing, timeout=None)
        versions.update(missing)
    return [versions[key] for key in VERSION_KEYS]


def cached_under_versions(key, apps, compute, timeout):
    """`compute()` kept in the shared cache under `key` with the data versions of `apps` it was
    computed under, and computed again once they changed. One round trip (MGET) reads the
    versions with the entry; a value computed while a write committed is stored under the old
    versions, so the next request computes it again."""
    found = cache.get_many([*VERSION_KEYS, key])
    if all(version_key in found for version_key in VERSION_KEYS):
        versions = [found[version_key] for version_key in VERSION_KEYS]
    else:
        versions = data_versions()
    wanted = tuple(versions[APPS.index(app)] for app in apps)
    entry = found.get(key)
    if entry is not None and entry[0] == wanted:
        return entry[1]
    result = compute()
    cache.set(key, (wanted, result), timeout=timeout)
    return result


def data_version(app):
    """The current version of `app`'s data, or None while it has never been bumped (one cache
    read; unlike `data_versions()` it never starts one)."""
    return cache.get(VERSION_KEYS[APPS.index(app)])


def _cacheable_request(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    if any(name not in allowed for name in request.COOKIES):
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return not has_vary_header(response, "Authorization")


def _key(request, versions):
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
        if not settings.RESPONSE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        versions = data_versions()
        key = _key(request, versions)
        stored = cache.get(key)
        if stored is not None:
            return self._rebuild(request, stored, hit=True)
        response = self.get_response(request)
        if _cacheable_response(response):
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


def changes_data(app):
    """Decorator of a service that writes `app`'s data: bumps its data version once the write
    commits (at the end of the caller's transaction, or at once under autocommit)."""

    def decorator(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            data_changed(app)
            return result

        return wrapper

    return decorator
