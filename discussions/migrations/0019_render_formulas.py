"""Comments and prompts written before math rendered keep their `$…$` as typed: render the ones
with a dollar sign again, so their formulas show as everyone else's do."""

from django.db import migrations

from articles.rendering import render_markdown


def render_again(apps, schema_editor):
    for name in ("Comment", "Prompt"):
        model = apps.get_model("discussions", name)
        changed = []
        fields = ["body_html", "pending_body_html"] if name == "Comment" else ["body_html"]
        for row in model.objects.filter(body__contains="$").iterator(chunk_size=500):
            before = [getattr(row, field) for field in fields]
            row.body_html = render_markdown(row.body)
            if name == "Comment" and row.pending_body:
                row.pending_body_html = render_markdown(row.pending_body)
            if [getattr(row, field) for field in fields] != before:
                changed.append(row)
        model.objects.bulk_update(changed, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0018_course_search_speed")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
