"""The data version of each app: bumped when its data changes (after the write commits), read
into the key of everything cached from that data."""

import functools
import time

from django.core.cache import cache
from django.db import transaction

APPS = ("members", "resources", "investments")
VERSION_KEYS = [f"data-version:{app}" for app in APPS]


def data_changed(*apps):
    """Bump the data version of `apps` once the current transaction commits (call from services).

    Whatever RESPONSE_CACHE says (one Redis write per committed change): a node that turns the
    response cache on never serves an entry older than a write made while it was off."""
    transaction.on_commit(lambda: _bump(apps or APPS))


def every_data_changed():
    """Bump every app's data version now: after data was replaced without the services
    (`manage.py restore`, `manage.py seed_demo`)."""
    _bump(APPS)


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


def data_version(app):
    """The current version of `app`'s data, or None while it has never been bumped (one cache
    read; unlike `data_versions()` it never starts one)."""
    return cache.get(VERSION_KEYS[APPS.index(app)])


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
