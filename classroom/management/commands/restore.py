"""`manage.py restore PATH`: replace the database with a backup made by `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from classroom.backups import BackupError, Database, restore


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup from `manage.py backup`. Refuses "
        "to overwrite a database that holds data unless --force is given. Stop the web "
        "server and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a backup file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, path: Path, force: bool, database: str, **options):
        target = Database(database)
        try:
            restore(target, path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored the {target.describe()} from {path}."))
        self.stdout.write("Run `python manage.py migrate` if this backup is from an older version.")
