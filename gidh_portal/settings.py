"""GIDH Portal settings: every difference between environments is an environment variable.

The variables are documented in the README's configuration table. SECRET_KEY and DEBUG come
from gidh_portal/environment.py, the security headers from gidh_portal/security_settings.py.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gidh_portal.environment import DEBUG, SECRET_KEY, env  # noqa: F401 (SECRET_KEY: a setting)
from gidh_portal.namespace import derived_prefix

# HTTPS hardening, security headers, cookie flags and the Content-Security-Policy.
from gidh_portal.security_settings import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin site requires a verified second factor when REQUIRE_SECRETARIAT_2FA is on.
    "gidh_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "members",
    "resources",
    "investments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A control character in the path or a query parameter is a 400 before any view (or the
    # audit trail, which stores the path) reads it.
    "gidh_portal.url_checks.ControlCharacterMiddleware",
    # The audit trail's who and where for the writes of a request (after authentication).
    "gidh_portal.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a refused login (too many failures) into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Performance (docs/performance.md): ETag/Last-Modified → 304, then the response cache,
    # innermost so the middleware above still applies to cached responses.
    "django.middleware.http.ConditionalGetMiddleware",
    "gidh_portal.response_cache.ResponseCacheMiddleware",
]

ROOT_URLCONF = "gidh_portal.urls"
WSGI_APPLICATION = "gidh_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: PostgreSQL everywhere. Unset, DATABASE_URL is the embedded server that `make run`
# starts in .pgdata/ (gidh_portal/devserver.py), reached through its unix socket.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default=f"postgres://postgres@/gidh_portal?host={quote(str(BASE_DIR / '.pgdata'))}",
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The portal's queries are short (an index scan, a page of rows): PostgreSQL's JIT compilation
# costs more than it saves on them (tens of ms on facet counts and totals). Parallel workers
# neither: with every core already serving requests, a search's parallel plan measured 10-30 %
# slower than the serial one (catalogue, 100,000 resources). 16 MB of work memory (default
# 4 MB) keeps a common term's facet counts (30,000 matching rows) and its counted page out of
# temporary files.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=16MB"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "members:account"
LOGOUT_REDIRECT_URL = "home"

# django-axes first: it refuses a locked-out (email, IP address) before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization
LANGUAGE_CODE = "en"
# The six official languages of WHO (and the UN). The switcher shows each in its own script.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language chosen in the switcher is remembered for a year (Django's language cookie).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files (whitenoise, compressed and cache-busted) and media (local folder or S3).
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage, shared by every web and worker node. Files stay private:
    # django-storages signs each URL (AWS_QUERYSTRING_AUTH), and the portal's views check access.
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Redis: when REDIS_URL is set it is the Celery broker, result backend and cache. When it is
# unset (the embedded default), Celery runs tasks eagerly in-process and the cache is local memory.
REDIS_URL = env.str("REDIS_URL", default="")
# This deployment's namespace in Redis, cache and Celery alike (gidh_portal/namespace.py):
# derived from the database unless set, so deployments sharing a Redis database stay apart.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="") or derived_prefix(DATABASES["default"])
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, one client per connection pool (gidh_portal/redis_cache.py).
            "BACKEND": "gidh_portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Unacknowledged (acks_late) messages return to the queue after this long: task retries and time
# limits stay well below it (investments/tasks.py).
# Queues, results and pings under the deployment's namespace, like the cache.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "global_keyprefix": f"{CACHE_KEY_PREFIX}:",
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": f"{CACHE_KEY_PREFIX}:"}
# The schedule lives in the database (django-celery-beat), so the secretariat edits it in the
# admin; `celery -A gidh_portal beat` reads it from there, and records a heartbeat for
# /healthz/workers (gidh_portal/beat.py).
CELERY_BEAT_SCHEDULER = "gidh_portal.beat:Scheduler"

# Audit trail (django-pghistory, gidh_portal/audit.py): only writing requests carry a context.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_ADMIN_CLASS = "members.admin.AuditEventsAdmin"

# Email: console by default; e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.org:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="GIDH Portal <no-reply@gidh.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SECRETARIAT_EMAIL = env.str("SECRETARIAT_EMAIL", default="secretariat@gidh.example.org")
# Absolute base of the links in the portal's mail (e.g. https://gidh.example.org).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Behind a reverse proxy, the number of proxies that append to X-Forwarded-For: the client's
# address (login lockout, API throttling) is then read from that header instead of the proxy's.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Login protection (django-axes, attempts stored in the database): AXES_FAILURE_LIMIT failed
# logins for one email address from one IP address lock that pair for AXES_COOLOFF_MINUTES
# (another failure during the lock starts it again). Per pair, so neither an office behind one
# address nor an attacker guessing one account from elsewhere locks anybody else out.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "members.account_views.login_attempt_username"
AXES_LOCKOUT_CALLABLE = "members.account_views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "gidh_portal.throttling.client_ip"

# Two-factor authentication (django-otp, TOTP): any account may enrol an authenticator app on
# its account page. REQUIRE_SECRETARIAT_2FA makes every privileged action of a staff account
# (review decisions, verification, publishing, the admin site, on pages and in the API) require a
# second factor verified in its session, or an API token created in such a session
# (docs/security.md); on by default in production.
if env.str("REQUIRE_ADMIN_2FA", default=None) is not None:
    raise ImproperlyConfigured(
        "REQUIRE_ADMIN_2FA is now REQUIRE_SECRETARIAT_2FA: it covers the secretariat's actions on "
        "pages and in the API as well as the admin. Rename the environment variable."
    )
REQUIRE_SECRETARIAT_2FA = env.bool("REQUIRE_SECRETARIAT_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="GIDH Portal")


def _throttle_rate(name, default):
    """An API rate such as "120/min" (s, min, hour, day), or None when "off" or empty."""
    value = env.str(name, default=default).strip().lower()
    if value in ("", "off", "none", "0"):
        return None
    if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r}: use e.g. 120/min, 5000/hour or off.")
    return value


# API throttling per client IP address (anonymous) and per user (token or session), counted in
# the shared cache (Redis) so every web node sees the same counts; "off" turns one off.
THROTTLE_ANON = _throttle_rate("THROTTLE_ANON", "120/min")
THROTTLE_USER = _throttle_rate("THROTTLE_USER", "1200/min")

# Largest request body outside uploaded files (form fields, a JSON body of the API): bodies
# above it are refused (API: 413). Uploaded files have their own limits (PDFs: 10 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "gidh_portal.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "gidh_portal.filters.FilterBackend",
        "gidh_portal.search.SearchFilter",
        "gidh_portal.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "gidh_portal.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON only; the one endpoint taking a file (resource proposals) adds multipart itself.
    "DEFAULT_PARSER_CLASSES": ["gidh_portal.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "gidh_portal.throttling.AnonymousRateThrottle",
        "gidh_portal.throttling.UserRateThrottle",
    ],
    "EXCEPTION_HANDLER": "gidh_portal.api_errors.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "gidh_portal.renderers.ContentNegotiation",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "GIDH Portal API",
    "DESCRIPTION": (
        "Public and partner API of the WHO Global Initiative on Digital Health portal: member "
        "states, organizations and, as the portal grows, profiles, the resource catalogue, "
        "investment plans and commitments. Anonymous callers read published data; writes need a "
        "personal API token (`Authorization: Bearer <token>`) created on the account page."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The PATCH endpoints validate their whole input (a `version` is required): no "Patched"
    # components with every field optional.
    "COMPONENT_SPLIT_PATCH": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gidh_portal.openapi.add_error_responses",
        "gidh_portal.openapi.state_text_rules",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "members.workflow.ReviewStatus",
        "CommitmentStatusEnum": "investments.models.Commitment.Status",
        "CommitmentKindEnum": "investments.models.Commitment.Kind",
        "ResourceKindEnum": "resources.models.Kind",
        "TransparencyReportStatusEnum": "investments.models.TransparencyReport.Status",
        "OfferKindEnum": "investments.models.Offer.Kind",
        "OfferStatusEnum": "investments.models.Offer.Status",
    },
}

# Response cache of anonymous pages and public API responses (gidh_portal/response_cache/).
# How many matches a search or filtered list of the catalogue ranks, counts and pages: its
# newest (`ResourceQuerySet.window`, docs/catalogue.md). A count of it means "at least".
CATALOGUE_WINDOW = 1000

RESPONSE_CACHE = env.bool("RESPONSE_CACHE", default=True)
RESPONSE_CACHE_SECONDS = env.int("RESPONSE_CACHE_SECONDS", default=600)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
