"""A discussion as a spreadsheet: one row per comment, every cell safe to open (students write
the text, teachers the titles)."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.spreadsheets import spreadsheet_safe

from ..models import Kind, Status
from .records import ExportedComment


def _time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def rows(comments: Iterable[ExportedComment]) -> Iterator[list[str]]:
    header = [
        _("Comment ID"),
        _("Assignment ID"),
        _("Reading"),
        _("Thread ID"),
        _("Reply to comment ID"),
        _("Paragraph"),
        _("Reading version"),
        _("Quoted phrase"),
        _("Quoted text changed"),
        _("Author"),
        _("Reply type"),
        _("Status"),
        _("Written"),
        _("Edited"),
        _("Text"),
    ]
    yield [spreadsheet_safe(cell) for cell in header]
    for exported in comments:
        comment = exported.comment
        cells = [
            comment.pk,
            exported.assignment.pk,
            exported.assignment.reading.title,
            comment.thread_root_id,
            comment.parent_id or "",
            exported.paragraph_number or "",
            exported.reading_version or "",
            comment.quote,
            _("yes") if comment.quote_changed else "",
            exported.creator,
            Kind(comment.kind).label if comment.kind else "",
            Status(comment.status).label,
            _time(comment.created_at),
            _time(comment.edited_at),
            exported.text,
        ]
        yield [spreadsheet_safe(cell) for cell in cells]
