"""The environment reader and the two variables every settings module depends on: the secret
key and DEBUG (gidh_portal/settings.py, gidh_portal/security_settings.py)."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# A deployment always has its secret, so it runs with DEBUG off unless told otherwise; a bare
# checkout (no SECRET_KEY) is a developer's machine, where manage.py commands just work.
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=not SECRET_KEY)

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"
