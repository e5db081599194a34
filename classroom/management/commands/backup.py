"""`manage.py backup [PATH]`: a consistent copy of the whole database while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from classroom.backups import BackupError, Database, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database: SQLite through its online backup API, PostgreSQL with "
        "pg_dump --format=custom. Without PATH, writes backups/colloquy-<time>.<kind>."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="file to write (must not exist)")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, path: Path | None, database: str, **options):
        target = Database(database)
        path = path or target.default_backup_path()
        try:
            written = backup(target, path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = written.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the {target.describe()} to {written} ({size:,} bytes).")
        )
        self.stdout.write(f"Restore it with: python manage.py restore {written}")
