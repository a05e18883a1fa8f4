"""HTTPS hardening, security headers, cookie flags and the Content-Security-Policy.

Star-imported by gidh_portal/settings.py; HTTPS (on unless DEBUG) switches the HTTPS-only parts.
"""

from csp.constants import NONE, SELF

from gidh_portal.environment import DEBUG, env

# HTTPS hardening, on by default in production (DEBUG off). HTTPS=0 turns it off behind a
# plain-HTTP test server; HSTS lasts a year once the deployment is known to be HTTPS-only.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe nodes over plain HTTP: the health check answers there too.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/workers)?$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# Cached-db sessions that know their user, so deactivating an account ends all its sessions
# (members/sessions.py); the cache is Redis when REDIS_URL is set.
SESSION_ENGINE = "members.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp), in every environment so development meets it too: no
# inline script or style anywhere (the templates have none; Swagger UI is served by the split
# view, whose initialisation script is a file of its own), nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    },
}
