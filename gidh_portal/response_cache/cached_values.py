"""Values computed from the data and kept in the shared cache until their apps' data changes."""

from django.core.cache import cache

from .versions import APPS, VERSION_KEYS, data_versions


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
