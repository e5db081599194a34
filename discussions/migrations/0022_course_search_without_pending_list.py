"""Course search on PostgreSQL: the search indexes take each write directly instead of
through a pending list, which every search otherwise reads from start to end."""

from django.db import migrations

INDEXES = ("discussions_comment_search", "discussions_prompt_search", "articles_paragraph_search")


def set_fastupdate(enabled: bool):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            # GIN's "fast update" queues new entries in a list of up to 4 MB that a search
            # reads in full, one entry at a time, until vacuum merges it: tens of
            # milliseconds per search after a busy hour. One comment at a time is cheap to
            # index directly.
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = {enabled})")
            if not enabled:
                schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")

    return apply


class Migration(migrations.Migration):
    dependencies = [("discussions", "0021_posting_keys")]

    operations = [migrations.RunPython(set_fastupdate(False), set_fastupdate(True))]
