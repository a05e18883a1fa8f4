"""A backup folder: its files, kept private to their owner, and the checks a restore makes
before trusting it."""

import json
import os
import stat
from pathlib import Path

from .database import BackupError

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
# pg_dump creates its file through this umask: owner only.
PRIVATE_UMASK = 0o077


def private_file(path):
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
        refuse_shared(folder)
    return json.loads((folder / MANIFEST).read_text())


def refuse_shared(folder):
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


def size_of(path):
    size = path.stat().st_size
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
