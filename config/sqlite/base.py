"""SQLite as Colloquy runs it: Django's backend, keeping the query planner's statistics fresh.

SQLite gathers no statistics by itself, and without them it may read all of an assignment's
comments where an index would find a handful. As SQLite's documentation advises, each
connection runs `PRAGMA optimize` as it closes (a server closes its connections once they are a
minute old: CONN_MAX_AGE). Mostly that finds nothing to do; when a table the connection read
has never been analysed, or has grown many times over since, it analyses that table, reading at
most ANALYSIS_LIMIT rows of each index, and it never waits for a lock to do so (another
connection will do it later)."""

import sqlite3

from django.db.backends.sqlite3 import base

ANALYSIS_LIMIT = 1000


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None:
            try:
                self.connection.execute("PRAGMA busy_timeout = 0")
                self.connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.connection.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # locked, say: statistics are an aid, never worth failing a request
        super()._close()
