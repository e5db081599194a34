import django.db.models.deletion
from django.db import migrations, models


def fill_course(apps, schema_editor):
    """Give each pseudonym its course; a name already used in the course gets a number."""
    Pseudonym = apps.get_model("discussions", "Pseudonym")
    used: dict[int, set[str]] = {}
    for pseudonym in Pseudonym.objects.select_related("assignment").order_by("pk"):
        course_id = pseudonym.assignment.course_id
        names = used.setdefault(course_id, set())
        name, number = pseudonym.name, 1
        while name in names:
            number += 1
            name = f"{pseudonym.name} {number}"
        names.add(name)
        Pseudonym.objects.filter(pk=pseudonym.pk).update(course_id=course_id, name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0003_moderation_settings"),
        ("discussions", "0004_moderation"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="pseudonym", name="pseudonyms_never_collide"),
        migrations.AddField(
            model_name="pseudonym",
            name="course",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="classroom.course",
            ),
        ),
        migrations.RunPython(fill_course, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pseudonym",
            name="course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="classroom.course",
            ),
        ),
        migrations.AddConstraint(
            model_name="pseudonym",
            constraint=models.UniqueConstraint(
                fields=("course", "name"), name="pseudonyms_never_collide"
            ),
        ),
    ]
