"""Writing, changing and deleting one's own notes. A note's quote must be words of its
paragraph; its place there is kept as W3C selectors, like a comment on a phrase."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from articles.access import refuse
from articles.models import Paragraph
from articles.rendering import clean_comment_text, render_markdown
from classroom.access import can_view
from classroom.models import Assignment
from discussions.models import Note
from discussions.reading.phrases import phrase_find, phrase_quote

from .access import NOTE_AUTHOR


def _clean_note(*, quote: str, body: str) -> tuple[str, str]:
    quote = clean_comment_text(quote).strip()
    body = clean_comment_text(body).strip()
    if not quote and not body:
        raise ValidationError({"body": _("Write a note, or give the words you are noting.")})
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Notes can be at most %(limit)s characters (this one has %(length)s).")
                % {
                    "limit": number_format(settings.COMMENT_MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(body), force_grouping=True),
                }
            }
        )
    return quote, body


def _anchor(note: Note, paragraph: Paragraph, quote: str) -> None:
    """Point the note at `quote` in the paragraph, or at the whole paragraph when empty."""
    note.paragraph = paragraph
    if not quote:
        note.quote = note.quote_prefix = note.quote_suffix = ""
        note.quote_start = note.quote_end = None
        note.quote_changed = False
        return
    if note.quote == quote:  # kept: the same occurrence, not the first one
        span = phrase_find(
            paragraph,
            quote,
            prefix=note.quote_prefix,
            suffix=note.quote_suffix,
            near=note.quote_start,
        )
    else:
        span = phrase_find(paragraph, quote)
    if span is None:
        raise ValidationError(
            {
                "quote": _(
                    "“%(quote)s” is not in paragraph %(number)s. Copy the words exactly as "
                    "they stand, or leave the field empty to note the whole paragraph."
                )
                % {
                    "quote": quote[:80] + ("…" if len(quote) > 80 else ""),
                    "number": paragraph.number,
                }
            }
        )
    found = phrase_quote(paragraph, span)
    note.quote, note.quote_prefix, note.quote_suffix = found.exact, found.prefix, found.suffix
    note.quote_start, note.quote_end = found.start, found.end
    note.quote_changed = False


def _save(note: Note, body: str) -> Note:
    note.body = body
    note.body_html = render_markdown(body) if body else ""
    note.save()
    return note


def note_create(
    *, author, assignment: Assignment, paragraph: Paragraph, body: str, quote: str = ""
) -> Note:
    if not can_view(author, assignment.course):
        refuse(NOTE_AUTHOR)
    if paragraph.reading_id != assignment.reading_id or not paragraph.is_current:
        raise ValidationError(_("That paragraph is not part of this assignment's reading."))
    quote, body = _clean_note(quote=quote, body=body)
    note = Note(assignment=assignment, author=author)
    _anchor(note, paragraph, quote)
    return _save(note, body)


def note_edit(*, note: Note, author, body: str, quote: str = "") -> Note:
    """Change a note's words and what it quotes; a note on wording since edited moves to the
    paragraph that wording became, where its quote is looked for."""
    if note.author_id != author.pk:
        refuse(NOTE_AUTHOR)
    quote, body = _clean_note(quote=quote, body=body)
    _anchor(note, note.paragraph.current() or note.paragraph, quote)
    return _save(note, body)


def note_delete(*, note: Note, author) -> None:
    if note.author_id != author.pk:
        refuse(NOTE_AUTHOR)
    note.delete()
