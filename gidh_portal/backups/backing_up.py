"""Taking a backup: the database dump, the media archive and, last, the manifest."""

import datetime
import json
import os
import shutil
import tarfile
from pathlib import Path

from .database import Database
from .folder import (
    DUMP,
    MANIFEST,
    MEDIA,
    PRIVATE_FILE,
    PRIVATE_FOLDER,
    PRIVATE_UMASK,
    private_file,
    size_of,
)


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
        report(f"  {DUMP}: {size_of(folder / DUMP)}")
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        report(f"Archiving the media folder {media_root} ({len(files)} files)…")
        with (
            private_file(folder / MEDIA) as output,
            tarfile.open(fileobj=output, mode="w:gz") as archive,
        ):
            for path in files:
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
        report(f"  {MEDIA}: {size_of(folder / MEDIA)}")
        manifest = {
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": database.name,
            "pg_dump": database.run("pg_dump", "--version").stdout.strip(),
            "media_files": len(files),
            "files": [DUMP, MEDIA],
        }
        with private_file(folder / MANIFEST) as output:
            output.write((json.dumps(manifest, indent=2) + "\n").encode())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never leave a half-written backup behind
        raise
    report(f"Backup complete: {folder}")
    return folder
