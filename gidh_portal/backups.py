"""Backups of the portal: the PostgreSQL database (pg_dump custom format) and the media folder
(uploaded PDFs), in one timestamped folder, and their restore (pg_restore) on this or a new
machine. Used by `manage.py backup` / `manage.py restore` (`make backup` / `make restore`).

A backup folder holds `database.dump`, `media.tar.gz` and `manifest.json`; the manifest is
written last, so a folder without it is an interrupted backup and is refused by the restore.
"""

import datetime
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import environ

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql", "postgis")


class BackupError(Exception):
    """A backup or restore refused or failed, with a message for the operator."""


@dataclass(frozen=True)
class Database:
    name: str
    environment: dict  # libpq variables: the password never appears on a command line

    @classmethod
    def from_url(cls, url):
        """The PostgreSQL database of `url`; refuses a missing URL and SQLite."""
        if not url:
            raise BackupError(
                "DATABASE_URL is not set: backups work on the PostgreSQL database, e.g. "
                "DATABASE_URL=postgres://user:password@host:5432/name."
            )
        scheme = url.split(":", 1)[0].lower()
        if scheme.startswith("sqlite"):
            raise BackupError(
                "DATABASE_URL points to SQLite: `make backup` and `make restore` work with "
                "PostgreSQL only. Stop the portal and copy the SQLite file itself instead."
            )
        if scheme not in POSTGRES_SCHEMES:
            raise BackupError(f"DATABASE_URL is not a PostgreSQL URL (scheme “{scheme}”).")
        config = environ.Env.db_url_config(url)
        variables = {
            "PGDATABASE": config.get("NAME"),
            "PGUSER": config.get("USER"),
            "PGPASSWORD": config.get("PASSWORD"),
            "PGHOST": config.get("HOST"),
            "PGPORT": str(config.get("PORT") or ""),
        }
        return cls(name=config["NAME"], environment={k: v for k, v in variables.items() if v})

    def run(self, *arguments):
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
    folder = Path(output_dir) / f"gidh-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    try:
        report(f"Dumping the database “{database.name}”…")
        database.run("pg_dump", "--format=custom", "--no-owner", f"--file={folder / DUMP}")
        report(f"  {DUMP}: {_size(folder / DUMP)}")
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        report(f"Archiving the media folder {media_root} ({len(files)} files)…")
        with tarfile.open(folder / MEDIA, "w:gz") as archive:
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
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never leave a half-written backup behind
        raise
    report(f"Backup complete: {folder}")
    return folder


def check_folder(folder):
    """The manifest of a complete backup folder; refuses a missing or incomplete one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"No backup folder at {folder}.")
    missing = [name for name in (MANIFEST, DUMP, MEDIA) if not (folder / name).is_file()]
    if missing:
        raise BackupError(
            f"The backup folder {folder} is incomplete (missing {', '.join(missing)}): "
            "it may come from an interrupted backup. Choose another one."
        )
    return json.loads((folder / MANIFEST).read_text())


def restore(*, folder, database_url, media_root, report=print):
    """Replace the database's contents by the backup's (in one transaction) and extract the
    backup's media files into `media_root` (files of the same name are overwritten)."""
    manifest = check_folder(folder)
    folder = Path(folder)
    database = Database.from_url(database_url)
    report(
        f"Restoring the backup of {manifest['created_at']} (database “{manifest['database']}”) "
        f"into “{database.name}”…"
    )
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
    report("Restore complete.")


def _size(path):
    size = path.stat().st_size
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
