"""Backups of the portal: the PostgreSQL database (pg_dump custom format) and the media folder
(uploaded PDFs), in one timestamped folder, and their restore (pg_restore) on this or a new
machine. Used by `manage.py backup` / `manage.py restore` (`make backup` / `make restore`).

A backup folder holds `database.dump`, `media.tar.gz` and `manifest.json`; the manifest is
written last, so a folder without it is an interrupted backup and is refused by the restore.
Backups hold password hashes, personal data and unpublished drafts: the folder is created 0700
and its files 0600 (owner only), from the moment they exist; a restore refuses a folder that
other users of the machine can read, unless forced.
"""

from .backing_up import backup, default_backup_dir
from .database import BackupError, Database
from .folder import check_folder
from .restoring import restore

__all__ = ["BackupError", "Database", "backup", "check_folder", "default_backup_dir", "restore"]
