"""Course search on SQLite: the comment index also holds each comment's reply type, so a
search for questions (say) finds the rows that are both questions and matching in the index
itself instead of reading every match to check its type."""

from importlib import import_module

from django.db import migrations

indexes = import_module("discussions.migrations.0025_search_index_authors")


class Migration(migrations.Migration):
    dependencies = [("discussions", "0025_search_index_authors")]

    operations = [
        migrations.RunPython(
            indexes.on_sqlite(
                indexes.statements({"discussions_comment": ("body", "author_id", "kind")})
            ),
            indexes.on_sqlite(indexes.statements({"discussions_comment": ("body", "author_id")})),
        )
    ]
