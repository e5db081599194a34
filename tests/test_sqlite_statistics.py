"""SQLite keeps the query planner's statistics as a connection closes (config/sqlite)."""

import sqlite3
import time

import pytest
from django.db import connection

from config.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own upkeep")


@pytest.fixture(autouse=True)
def connections_allowed(django_db_blocker):
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


def file_connection(path) -> DatabaseWrapper:
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path)})


def statistics(path) -> list[tuple]:
    with sqlite3.connect(path) as database:
        if not database.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchall():
            return []
        return database.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall()


def seed(path) -> None:
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA journal_mode = WAL")  # as Colloquy's connections set it
        database.execute(
            "CREATE TABLE comment (id INTEGER PRIMARY KEY, place INTEGER, root INTEGER)"
        )
        database.execute("CREATE INDEX comment_place ON comment (place)")
        database.execute("CREATE INDEX comment_root ON comment (root)")
        database.executemany(
            "INSERT INTO comment (place, root) VALUES (?, ?)", [(1, n // 3) for n in range(3000)]
        )


def test_a_table_a_connection_read_is_analysed_when_it_closes(tmp_path):
    path = tmp_path / "db.sqlite3"
    seed(path)
    database = file_connection(path)
    with database.cursor() as cursor:
        cursor.execute("SELECT id FROM comment WHERE place = 1 AND root IN (5, 6)")
        cursor.fetchall()
    assert statistics(path) == []
    database.close()
    assert {index for _table, index in statistics(path)} == {"comment_place", "comment_root"}


def test_closing_never_waits_for_a_lock_to_analyse(tmp_path):
    path = tmp_path / "db.sqlite3"
    seed(path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        database = file_connection(path)
        with database.cursor() as cursor:
            cursor.execute("SELECT id FROM comment WHERE place = 1 AND root IN (5, 6)")
            cursor.fetchall()
        started = time.monotonic()
        database.close()
        # The connection waits up to 20 s for a lock anywhere else.
        assert time.monotonic() - started < 5
        assert database.connection is None
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert statistics(path) == []
