"""Whole-database backups: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Tables `migrate` fills on an empty database; rows elsewhere mean someone's data is there.
SCAFFOLDING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """Something a person can fix; the message says what."""


@dataclass
class Database:
    alias: str = "default"

    @property
    def connection(self):
        return connections[self.alias]

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    @property
    def name(self) -> str:
        return str(self.connection.settings_dict["NAME"])

    def describe(self) -> str:
        if self.vendor == "sqlite":
            return f"SQLite database {self.name}"
        host = self.connection.settings_dict.get("HOST") or "localhost"
        return f"PostgreSQL database {self.name!r} on {host}"

    def default_backup_path(self) -> Path:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        suffix = "sqlite3" if self.vendor == "sqlite" else "pgdump"
        return Path(settings.BACKUP_DIR) / f"colloquy-{stamp}.{suffix}"

    def rows_outside_scaffolding(self) -> int:
        """How many rows the models' tables hold beyond what `migrate` alone creates (search
        indexes are left out: they only mirror those tables)."""
        with self.connection.cursor() as cursor:
            introspection = self.connection.introspection
            tables = set(introspection.django_table_names(only_existing=True)) - SCAFFOLDING_TABLES
            quote = self.connection.ops.quote_name
            total = 0
            for table in sorted(tables):
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 -- our names
                total += cursor.fetchone()[0]
        return total


def backup(database: Database, path: Path) -> Path:
    """Write a consistent copy of the whole database to path, while the site keeps running."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name or move it away first.")
    if database.vendor == "sqlite":
        _sqlite_backup(database, path)
    elif database.vendor == "postgresql":
        _pg_dump(database, path)
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {database.vendor}.")
    return path


def restore(database: Database, path: Path, *, force: bool) -> None:
    """Replace everything in the database with the backup at path."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    kind = _backup_kind(path)
    if kind != database.vendor:
        raise BackupError(
            f"{path} is a {_LABELS.get(kind, 'not a Colloquy')} backup, but this site runs on "
            f"{_LABELS[database.vendor]}; restore it into a site configured for that database."
        )
    if not force:
        rows = database.rows_outside_scaffolding()
        if rows:
            raise BackupError(
                f"The {database.describe()} already holds data ({rows} rows). Restoring replaces "
                "all of it with the backup. Take a backup first if unsure, then run restore "
                "again with --force."
            )
    if kind == "sqlite":
        _sqlite_restore(database, path)
    else:
        _pg_restore(database, path)


_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _backup_kind(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path} is neither a SQLite database nor a pg_dump custom-format archive "
        "(the two kinds `manage.py backup` writes)."
    )


def _sqlite_file(database: Database) -> str:
    name = database.name
    if name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return name


def _sqlite_backup(database: Database, path: Path) -> None:
    _sqlite_file(database)
    database.connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        # Copies page by page under a read transaction: writers wait at most a moment, and the
        # copy is one consistent snapshot.
        database.connection.connection.backup(target)
        # A backup file is read on its own: no -wal file beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        verdict = target.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        target.close()
    if verdict != "ok":
        path.unlink(missing_ok=True)
        raise BackupError(f"The copy failed SQLite's integrity check ({verdict}); try again.")


def _sqlite_restore(database: Database, path: Path) -> None:
    _sqlite_file(database)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = source.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"{path} is damaged ({verdict}); choose another backup.")
        database.connection.ensure_connection()
        # The backup API overwrites the live file page by page inside one write lock, so
        # other connections see either the old database or the restored one.
        source.backup(database.connection.connection)
    finally:
        source.close()
    database.connection.close()


def _pg_command(database: Database, program: str) -> tuple[list[str], dict]:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not installed; on Debian: apt-get install postgresql-client."
        )
    options = database.connection.settings_dict
    arguments = [executable, "--dbname", str(options["NAME"])]
    if options.get("HOST"):
        arguments += ["--host", str(options["HOST"])]
    if options.get("PORT"):
        arguments += ["--port", str(options["PORT"])]
    if options.get("USER"):
        arguments += ["--username", str(options["USER"])]
    environment = os.environ.copy()
    environment["PGCONNECT_TIMEOUT"] = "10"
    if options.get("PASSWORD"):
        environment["PGPASSWORD"] = str(options["PASSWORD"])
    return [*arguments, "--no-password"], environment


def _run(arguments: list[str], environment: dict, what: str) -> None:
    result = subprocess.run(  # noqa: S603 -- a fixed program and our own arguments
        arguments, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed:\n{result.stderr.strip()}")


def _pg_dump(database: Database, path: Path) -> None:
    arguments, environment = _pg_command(database, "pg_dump")
    arguments += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(path)]
    try:
        _run(arguments, environment, "pg_dump")
    except BackupError:
        path.unlink(missing_ok=True)
        raise


def _pg_restore(database: Database, path: Path) -> None:
    # Our own idle connection must not hold locks on the tables being dropped.
    database.connection.close()
    arguments, environment = _pg_command(database, "pg_restore")
    arguments += [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        str(path),
    ]
    _run(arguments, environment, "pg_restore")
