"""Restoring a backup: the database in one transaction, the media files, then no cache or
session left answering with the replaced data."""

import tarfile
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError

from gidh_portal import response_cache

from .database import Database
from .folder import DUMP, MEDIA, check_folder


def restore(*, folder, database_url, media_root, report=print, force=False):
    """Replace the database's contents by the backup's (in one transaction) and extract the
    backup's media files into `media_root` (files of the same name are overwritten); refuses a
    folder other users can open unless `force`."""
    manifest = check_folder(folder, force=force)
    folder = Path(folder)
    database = Database.from_url(database_url)
    report(
        f"Restoring the backup of {manifest['created_at']} (database “{manifest['database']}”) "
        f"into “{database.name}”…"
    )
    sessions_before = _session_keys()
    database.run(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        f"--dbname={database.name}",
        str(folder / DUMP),
    )
    report("  database restored")
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        # The "data" filter refuses absolute paths, `..`, links outside and device files.
        archive.extractall(media_root, filter="data")
        count = sum(1 for member in archive.getmembers() if member.isfile())
    report(f"  {count} media files restored into {media_root}")
    _forget_cached_data(sessions_before | _session_keys())
    report("  cached pages and sessions dropped")
    report("Restore complete.")


def _session_keys():
    """The keys of the sessions in the portal's database (none before a first restore into an
    empty database, or with sessions kept elsewhere)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return set()
    try:
        return set(store.get_model_class().objects.values_list("session_key", flat=True))
    except DatabaseError:
        return set()


def _forget_cached_data(session_keys):
    """No cache answers with the data a restore replaced: every app's data version is bumped
    (cached pages and API responses, and every value cached under the versions), and the cached
    copies of the sessions of the database before and after the restore are dropped, so each
    session is read again from the restored database (or is gone with it)."""
    response_cache.every_data_changed()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "cache_key_prefix"):
        return  # sessions without a cached copy
    keys = [store.cache_key_prefix + key for key in session_keys]
    session_cache = caches[settings.SESSION_CACHE_ALIAS]
    for start in range(0, len(keys), 1000):
        session_cache.delete_many(keys[start : start + 1000])
