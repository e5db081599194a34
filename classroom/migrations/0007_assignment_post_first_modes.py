"""Post-first becomes a choice of mode: what was on keeps its meaning, the whole reading."""

from django.db import migrations, models


def to_modes(apps, schema_editor):
    Assignment = apps.get_model("classroom", "Assignment")
    Assignment.objects.filter(post_first=True).update(post_first_mode="reading")


def to_boolean(apps, schema_editor):
    Assignment = apps.get_model("classroom", "Assignment")
    Assignment.objects.exclude(post_first_mode="off").update(post_first=True)


class Migration(migrations.Migration):
    dependencies = [("classroom", "0006_course_invitations")]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="post_first_mode",
            field=models.CharField(default="off", max_length=12),
        ),
        migrations.RunPython(to_modes, to_boolean),
        migrations.RemoveField(model_name="assignment", name="post_first"),
        migrations.RenameField(
            model_name="assignment", old_name="post_first_mode", new_name="post_first"
        ),
        migrations.AlterField(
            model_name="assignment",
            name="post_first",
            field=models.CharField(
                choices=[
                    ("off", "Off: classmates' comments show at once"),
                    ("reading", "Posting once unlocks the whole reading"),
                    ("paragraph", "Posting in a paragraph unlocks that paragraph's discussion"),
                ],
                default="off",
                help_text=(
                    "Students see classmates' comments only after posting their own: once "
                    "anywhere in the reading, or in each paragraph before that paragraph's "
                    "discussion."
                ),
                max_length=12,
            ),
        ),
    ]
