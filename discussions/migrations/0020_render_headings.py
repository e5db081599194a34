"""Headings in comments, prompts and notes written before they were kept within the page's
outline (h2 and h3 only): render the ones with a `#` again."""

from django.db import migrations

from articles.rendering import render_markdown

# Each model's Markdown fields, source → rendered.
RENDERED = {
    "Comment": {"body": "body_html", "pending_body": "pending_body_html"},
    "Prompt": {"body": "body_html"},
    "Note": {"body": "body_html"},
}


def render_again(apps, schema_editor):
    for name, fields in RENDERED.items():
        model = apps.get_model("discussions", name)
        changed = []
        for row in model.objects.filter(body__contains="#").iterator(chunk_size=500):
            before = [getattr(row, html) for html in fields.values()]
            for source, html in fields.items():
                if getattr(row, source):
                    setattr(row, html, render_markdown(getattr(row, source)))
            if [getattr(row, html) for html in fields.values()] != before:
                changed.append(row)
        model.objects.bulk_update(changed, list(fields.values()), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0019_render_formulas")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
