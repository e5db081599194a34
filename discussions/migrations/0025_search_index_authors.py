"""Course search on SQLite: the comment and prompt indexes hold each row's author beside its
words, so a search for one person's words finds the rows that are both theirs and matching in
the index itself instead of reading every match to check its author."""

from django.db import migrations

TABLES = ("discussions_comment", "discussions_prompt")


def statements(indexed: dict[str, tuple[str, ...]]):
    """The FTS5 table and triggers of migration 0017 over each table's indexed columns, in
    place of the ones it has."""

    def build() -> list[str]:
        result = []
        for table, columns in indexed.items():
            listed = ", ".join(columns)
            new = ", ".join(f"new.{column}" for column in columns)
            old = ", ".join(f"old.{column}" for column in columns)
            index = f"{table}_search"
            add = f"INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new});"
            # External content: removing a row's entry names exactly what was indexed.
            remove = (
                f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old});"
            )
            result += [
                f"DROP TRIGGER {index}_insert",
                f"DROP TRIGGER {index}_delete",
                f"DROP TRIGGER {index}_update",
                f"DROP TABLE {index}",
                f"""
                CREATE VIRTUAL TABLE {index} USING fts5(
                  {listed}, content='{table}', content_rowid='id',
                  tokenize='unicode61 remove_diacritics 2')
                """,
                f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
                f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
                # Edited words or reply type, or an account deleted (its rows' author set to
                # NULL), change what is indexed.
                f"CREATE TRIGGER {index}_update AFTER UPDATE OF {listed} ON {table} "
                f"BEGIN {remove} {add} END",
                f"INSERT INTO {index}({index}) VALUES ('rebuild')",
            ]
        return result

    return build


def on_sqlite(build):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in build():
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("discussions", "0024_own_places_index")]

    operations = [
        migrations.RunPython(
            on_sqlite(statements(dict.fromkeys(TABLES, ("body", "author_id")))),
            on_sqlite(statements(dict.fromkeys(TABLES, ("body",)))),
        )
    ]
