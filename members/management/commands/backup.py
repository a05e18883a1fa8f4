import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gidh_portal import backups
from gidh_portal.devserver import DATA_DIR, database_url


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump -Fc) and the media folder into a new "
        "timestamped folder of BACKUP_DIR (default: backups/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL") or database_url(DATA_DIR),
            help="The database (default: DATABASE_URL, else make run's embedded one).",
        )
        parser.add_argument("--media-root", default=settings.MEDIA_ROOT)
        parser.add_argument("--output-dir", default=backups.default_backup_dir(settings.BASE_DIR))

    def handle(self, *args, database_url, media_root, output_dir, **options):
        try:
            folder = backups.backup(
                database_url=database_url,
                media_root=media_root,
                output_dir=output_dir,
                report=self.stdout.write,
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        return str(folder)
