import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gidh_portal import backups
from gidh_portal.devserver import DATA_DIR, database_url


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `manage.py backup`: replaces the contents of the "
        "PostgreSQL database (pg_restore --clean --if-exists --no-owner) and extracts the media."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder made by `manage.py backup`.")
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL") or database_url(DATA_DIR),
            help="The database (default: DATABASE_URL, else make run's embedded one).",
        )
        parser.add_argument("--media-root", default=settings.MEDIA_ROOT)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore a backup folder that other users of the machine can read or write "
            "(refused otherwise: it holds password hashes and drafts).",
        )

    def handle(self, *args, folder, database_url, media_root, interactive, force, **options):
        try:
            manifest = backups.check_folder(folder, force=force)
            database = backups.Database.from_url(database_url)
            if interactive:
                answer = input(
                    f"This replaces everything in the database “{database.name}” with the "
                    f"backup of {manifest['created_at']}, and restores its media files into "
                    f"{media_root}. Type “yes” to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled: nothing was changed.")
            backups.restore(
                folder=folder,
                database_url=database_url,
                media_root=media_root,
                report=self.stdout.write,
                force=force,
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
