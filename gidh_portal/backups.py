"""Backups of the portal: the PostgreSQL database (pg_dump custom format) and the media folder
(uploaded PDFs), in one timestamped folder, and their restore (pg_restore) on this or a new
machine. Used by `manage.py backup` / `manage.py restore` (`make backup` / `make restore`).

A backup folder holds `database.dump`, `media.tar.gz` and `manifest.json`; the manifest is
written last, so a folder without it is an interrupted backup and is refused by the restore.
Backups hold password hashes, personal data and unpublished drafts: the folder is created 0700
and its files 0600 (owner only), from the moment they exist; a restore refuses a folder that
other users of the machine can read, unless forced.
"""

import datetime
import json
import os
import shutil
import stat
import subprocess
import tarfile
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import environ
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError

from gidh_portal import response_cache

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
# pg_dump creates its file through this umask: owner only.
PRIVATE_UMASK = 0o077
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql", "postgis")


class BackupError(Exception):
    """A backup or restore refused or failed, with a message for the operator."""


@dataclass(frozen=True)
class Database:
    name: str
    environment: dict  # libpq variables: the password never appears on a command line

    @classmethod
    def from_url(cls, url):
        """The PostgreSQL database of `url`; refuses a missing URL and other databases."""
        if not url:
            raise BackupError(
                "DATABASE_URL is not set: backups work on the PostgreSQL database, e.g. "
                "DATABASE_URL=postgres://user:password@host:5432/name."
            )
        scheme = url.split(":", 1)[0].lower()
        if scheme not in POSTGRES_SCHEMES:
            raise BackupError(f"DATABASE_URL is not a PostgreSQL URL (scheme “{scheme}”).")
        config = environ.Env.db_url_config(url)
        variables = {
            "PGDATABASE": config.get("NAME"),
            "PGUSER": config.get("USER"),
            "PGPASSWORD": config.get("PASSWORD"),
            # A unix socket's folder may come as the `host` option (the embedded server's).
            "PGHOST": config.get("HOST") or config.get("OPTIONS", {}).get("host"),
            "PGPORT": str(config.get("PORT") or ""),
        }
        return cls(name=config["NAME"], environment={k: v for k, v in variables.items() if v})

    def run(self, *arguments, umask=-1):
        tool = shutil.which(arguments[0])
        if tool is None:
            raise BackupError(
                f"{arguments[0]} is not installed: install the PostgreSQL client "
                "(e.g. apt-get install postgresql-client) in the server's major version."
            )
        result = subprocess.run(
            [tool, *arguments[1:]],
            env={**os.environ, **self.environment},
            capture_output=True,
            text=True,
            check=False,
            umask=umask,
        )
        if result.returncode != 0:
            raise BackupError(
                f"{arguments[0]} failed (exit {result.returncode}):\n{result.stderr.strip()}"
            )
        return result


def default_backup_dir(base_dir):
    return Path(os.environ.get("BACKUP_DIR") or Path(base_dir) / "backups")


def backup(*, database_url, media_root, output_dir, report=print, now=None):
    """Dump the database and archive the media folder into a new timestamped folder of
    `output_dir`; returns the folder."""
    database = Database.from_url(database_url)
    media_root = Path(media_root)
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%d-%H%M%S")
    output_dir = Path(output_dir)
    if not output_dir.exists():
        output_dir.mkdir(parents=True)
        output_dir.chmod(PRIVATE_FOLDER)
    folder = output_dir / f"gidh-{stamp}"
    folder.mkdir(mode=PRIVATE_FOLDER)
    folder.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask: be explicit
    try:
        report(f"Dumping the database “{database.name}”…")
        database.run(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={folder / DUMP}",
            umask=PRIVATE_UMASK,
        )
        (folder / DUMP).chmod(PRIVATE_FILE)
        report(f"  {DUMP}: {_size(folder / DUMP)}")
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        report(f"Archiving the media folder {media_root} ({len(files)} files)…")
        with (
            _private_file(folder / MEDIA) as output,
            tarfile.open(fileobj=output, mode="w:gz") as archive,
        ):
            for path in files:
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
        report(f"  {MEDIA}: {_size(folder / MEDIA)}")
        manifest = {
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": database.name,
            "pg_dump": database.run("pg_dump", "--version").stdout.strip(),
            "media_files": len(files),
            "files": [DUMP, MEDIA],
        }
        with _private_file(folder / MANIFEST) as output:
            output.write((json.dumps(manifest, indent=2) + "\n").encode())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never leave a half-written backup behind
        raise
    report(f"Backup complete: {folder}")
    return folder


def _private_file(path):
    """A new file open for writing, readable and writable by its owner only from the start."""
    return open(path, "xb", opener=lambda name, flags: os.open(name, flags, PRIVATE_FILE))


def check_folder(folder, *, force=False):
    """The manifest of a complete backup folder; refuses a missing or incomplete one, and one
    that other users of the machine can open (unless `force`)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"No backup folder at {folder}.")
    missing = [name for name in (MANIFEST, DUMP, MEDIA) if not (folder / name).is_file()]
    if missing:
        raise BackupError(
            f"The backup folder {folder} is incomplete (missing {', '.join(missing)}): "
            "it may come from an interrupted backup. Choose another one."
        )
    if not force:
        _refuse_shared(folder)
    return json.loads((folder / MANIFEST).read_text())


def _refuse_shared(folder):
    """Refuses a backup folder, or a file of it, with any permission for other users: its
    password hashes and drafts may have been read, and its dump replaced."""
    paths = [folder, *(folder / name for name in (DUMP, MEDIA, MANIFEST))]
    shared = [path for path in paths if path.stat().st_mode & stat.S_IRWXO]
    if shared:
        modes = ", ".join(f"{path.name} {stat.filemode(path.stat().st_mode)}" for path in shared)
        raise BackupError(
            f"The backup folder {folder} is open to every user of this machine ({modes}), "
            "though it holds password hashes and unpublished drafts. Make it private with "
            f"`chmod 700 {folder} && chmod 600 {folder}/*` (and check who could have read "
            "it), then restore again; or restore it as it is with --force (make restore … FORCE=1)."
        )


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


def _size(path):
    size = path.stat().st_size
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
