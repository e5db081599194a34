"""Course search at scale: an index on a person's own comments per assignment, and on
PostgreSQL a language configuration the planner may work out before it plans."""

from django.conf import settings
from django.db import migrations, models

# The configuration depends only on the language, and on which configurations the server
# ships, which does not change under a running site. Declared IMMUTABLE, PostgreSQL works it
# out while planning, so `search_vector @@ to_tsquery(...)` has a constant query whose words
# it can weigh against the column's statistics (as STABLE it guessed, and often walked the
# whole table). Stored vectors are computed by the triggers, never by an index expression, so
# nothing on disk depends on the promise.
IMMUTABLE = "ALTER FUNCTION colloquy_search_configuration(text) IMMUTABLE"
STABLE = "ALTER FUNCTION colloquy_search_configuration(text) STABLE"


def on_postgresql(statement: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0017_course_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["assignment", "author"], name="discussions_assignm_7b04a7_idx"
            ),
        ),
        migrations.RunPython(on_postgresql(IMMUTABLE), on_postgresql(STABLE)),
    ]
