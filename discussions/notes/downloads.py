"""One's notes on a reading as a file to keep: Markdown to read, CSV for a spreadsheet."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from classroom.models import Assignment
from classroom.spreadsheets import csv_download, spreadsheet_safe

from .selectors import PlacedNote


def notes_filename(assignment: Assignment, extension: str) -> str:
    return f"notes-{assignment.course.slug}-{assignment.pk}.{extension}"


def _where(entry: PlacedNote) -> str:
    if entry.paragraph is None:
        return _("A removed passage")
    return _("Paragraph %(number)s") % {"number": entry.paragraph.number}


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines())


def notes_markdown(assignment: Assignment, notes: list[PlacedNote], link) -> HttpResponse:
    """`link(entry)` is the address of the note's paragraph on the reading page."""
    lines = [f"# {_('My notes')}: {assignment.reading.title}", ""]
    for entry in notes:
        lines += [f"## [{_where(entry)}]({link(entry)})", ""]
        if entry.note.quote:
            lines += [_quoted(entry.note.quote), ""]
        if entry.note.body:
            lines += [entry.note.body, ""]
    return HttpResponse(
        "\n".join(lines),
        content_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{notes_filename(assignment, "md")}"',
            "Cache-Control": "private, no-store",
        },
    )


def notes_csv(assignment: Assignment, notes: list[PlacedNote], link) -> HttpResponse:
    response, writer = csv_download(notes_filename(assignment, "csv"))
    response["Cache-Control"] = "private, no-store"
    writer.writerow(
        [_("Paragraph"), _("Quoted words"), _("Note"), _("Written"), _("Changed"), _("Link")]
    )
    writer.writerows(
        [
            entry.paragraph.number if entry.paragraph else "",
            spreadsheet_safe(entry.note.quote),
            spreadsheet_safe(entry.note.body),
            entry.note.created_at.isoformat(),
            entry.note.updated_at.isoformat(),
            link(entry),
        ]
        for entry in notes
    )
    return response
