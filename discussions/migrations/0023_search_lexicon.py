"""Course search on PostgreSQL: a lexicon of every word the search indexes hold, so that a word
typed as the start of others can be searched as those words (see discussions/search/backends.py)."""

from django.db import migrations

LEXICON = "discussions_search_lexicon"
# Each table searched (migration 0017) and the column its words come from.
TABLES = {"discussions_comment": "body", "discussions_prompt": "body", "articles_paragraph": "text"}


def forwards() -> list[str]:
    statements = [
        # "C" ordering keeps every word starting with the same letters side by side in the
        # primary key, whatever the server's locale.
        f'CREATE TABLE {LEXICON} (lexeme text COLLATE "C" PRIMARY KEY)',
        # Words are only ever added: one an edit took away stands for a row only where its
        # start would have matched anyway. A row's words go in in its vector's order, the same
        # for every writer, so two rows bringing the same new words queue instead of
        # deadlocking.
        f"""
        CREATE FUNCTION {LEXICON}_add() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO {LEXICON} (lexeme)
          SELECT unnest(tsvector_to_array(NEW.search_vector))
          ON CONFLICT DO NOTHING;
          RETURN NULL;
        END
        $$
        """,
    ]
    for table, column in TABLES.items():
        statements += [
            f"""
            CREATE TRIGGER {table}_search_lexicon AFTER INSERT OR UPDATE OF {column}
            ON {table} FOR EACH ROW EXECUTE FUNCTION {LEXICON}_add()
            """,
            f"""
            INSERT INTO {LEXICON} (lexeme)
            SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM {table}
            ON CONFLICT DO NOTHING
            """,
        ]
    return statements


def backwards() -> list[str]:
    triggers = [f"DROP TRIGGER {table}_search_lexicon ON {table}" for table in TABLES]
    return [*triggers, f"DROP FUNCTION {LEXICON}_add()", f"DROP TABLE {LEXICON}"]


def on_postgresql(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements():
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("discussions", "0022_course_search_without_pending_list")]

    operations = [migrations.RunPython(on_postgresql(forwards), on_postgresql(backwards))]
