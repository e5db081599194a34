"""Course search: a search index over comments, prompts and reading paragraphs, kept by the
database itself. PostgreSQL gets a tsvector column per table (in the reading's language
configuration, 'simple' where PostgreSQL has none) with a GIN index; SQLite gets an FTS5 table
per table. Triggers keep both in step with every write, whichever code makes it."""

from django.db import migrations

# Every table searched, the column holding its words, and how a row reaches its reading's
# language on PostgreSQL.
TABLES = {
    "discussions_comment": (
        "body",
        "SELECT r.language FROM classroom_assignment a JOIN articles_reading r "
        "ON r.id = a.reading_id WHERE a.id = NEW.assignment_id",
    ),
    "discussions_prompt": (
        "body",
        "SELECT r.language FROM classroom_assignment a JOIN articles_reading r "
        "ON r.id = a.reading_id WHERE a.id = NEW.assignment_id",
    ),
    "articles_paragraph": (
        "text",
        "SELECT r.language FROM articles_reading r WHERE r.id = NEW.reading_id",
    ),
}

# ISO 639-1 codes of the languages PostgreSQL ships a text search configuration for; the
# function falls back to 'simple' for the rest and for one the server lacks.
POSTGRES_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian",
    "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}


def postgres_forwards() -> list[str]:
    cases = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in POSTGRES_LANGUAGES.items())
    statements = [
        f"""
        CREATE FUNCTION colloquy_search_configuration(language text) RETURNS regconfig
        LANGUAGE sql STABLE AS $$
          SELECT coalesce(
            (SELECT c.oid::regconfig FROM pg_ts_config c WHERE c.cfgname =
              CASE lower(split_part(replace(language, '_', '-'), '-', 1)) {cases} END),
            'simple'::regconfig)
        $$
        """
    ]
    for table, (column, language) in TABLES.items():
        statements += [
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector",
            f"""
            CREATE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.search_vector := to_tsvector(
                colloquy_search_configuration(({language})), coalesce(NEW.{column}, ''));
              RETURN NEW;
            END
            $$
            """,
            f"""
            CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {column}
            ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()
            """,
            # Fires the trigger on the rows already there.
            f"UPDATE {table} SET {column} = {column}",
            f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)",
        ]
    return statements


def postgres_backwards() -> list[str]:
    statements = []
    for table in TABLES:
        statements += [
            f"DROP TRIGGER {table}_search_vector ON {table}",
            f"DROP FUNCTION {table}_search_vector()",
            f"ALTER TABLE {table} DROP COLUMN search_vector",
        ]
    return [*statements, "DROP FUNCTION colloquy_search_configuration(text)"]


def sqlite_forwards() -> list[str]:
    statements = []
    for table, (column, _language) in TABLES.items():
        index = f"{table}_search"
        add = f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column});"
        remove = (
            f"INSERT INTO {index}({index}, rowid, {column}) "
            f"VALUES ('delete', old.id, old.{column});"
        )
        statements += [
            # External content: the words stay in the table itself; FTS5 keeps only the index.
            f"""
            CREATE VIRTUAL TABLE {index} USING fts5(
              {column}, content='{table}', content_rowid='id',
              tokenize='unicode61 remove_diacritics 2')
            """,
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF {column} ON {table} "
            f"BEGIN {remove} {add} END",
            f"INSERT INTO {index}({index}) VALUES ('rebuild')",
        ]
    return statements


def sqlite_backwards() -> list[str]:
    statements = []
    for table in TABLES:
        index = f"{table}_search"
        statements += [
            f"DROP TRIGGER {index}_insert",
            f"DROP TRIGGER {index}_delete",
            f"DROP TRIGGER {index}_update",
            f"DROP TABLE {index}",
        ]
    return statements


STATEMENTS = {
    "postgresql": (postgres_forwards, postgres_backwards),
    "sqlite": (sqlite_forwards, sqlite_backwards),
}


def run(direction: int):
    def apply(apps, schema_editor):
        for statement in STATEMENTS[schema_editor.connection.vendor][direction]():
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_paragraph_kind_and_number"),
        ("classroom", "0009_lms_platforms_and_links"),
        ("discussions", "0016_phrase_anchors_and_notes"),
    ]

    operations = [migrations.RunPython(run(0), run(1))]
