"""Reading one's own notes: beside the paragraphs of the reading page, and in paragraph order
for "My notes". Every read filters on the author, so nobody else's note can slip in."""

from dataclasses import dataclass

from django.db.models import F

from articles.models import Paragraph, ParagraphMap
from classroom.models import Assignment
from discussions.models import Note

# Notes on the whole paragraph first, then along the text.
IN_THE_TEXT = (F("quote_start").asc(nulls_first=True), "created_at", "pk")


def own_notes(user, assignment: Assignment):
    return Note.objects.filter(author_id=user.pk, assignment=assignment)


def attach_notes(user, assignment: Assignment, paragraph_map: ParagraphMap) -> None:
    """Give each current paragraph the person's notes on it (or on the wording it replaced)
    as `paragraph.own_notes`, in one query for the whole page."""
    for paragraph in paragraph_map.current:
        paragraph.own_notes = []
    for note in own_notes(user, assignment).order_by(*IN_THE_TEXT):
        note.assignment = assignment
        current = paragraph_map.current_of(note.paragraph_id)
        if current is not None:
            current.own_notes.append(note)


def paragraph_notes(user, assignment: Assignment, paragraph: Paragraph) -> list[Note]:
    """The person's notes on one current paragraph and the wordings that led to it."""
    notes = list(
        own_notes(user, assignment)
        .filter(paragraph__in=assignment.reading.paragraph_map().ids_leading_to(paragraph.pk))
        .order_by(*IN_THE_TEXT)
    )
    for note in notes:
        note.assignment = assignment
    return notes


@dataclass
class PlacedNote:
    """A note and where it stands now: the current paragraph, or None for a removed passage."""

    note: Note
    paragraph: Paragraph | None


def notes_in_reading_order(user, assignment: Assignment) -> list[PlacedNote]:
    """The person's notes on the reading, paragraph by paragraph, those on removed passages
    last; in two queries."""
    paragraph_map = assignment.reading.paragraph_map()
    placed = [
        PlacedNote(note, paragraph_map.current_of(note.paragraph_id))
        for note in own_notes(user, assignment)
    ]
    for entry in placed:
        # Already loaded: the note's own paragraph, for removed passages' text.
        entry.note.paragraph = paragraph_map.by_id[entry.note.paragraph_id]
        entry.note.assignment = assignment
    return sorted(
        placed,
        key=lambda entry: (
            entry.paragraph is None,
            entry.paragraph.position if entry.paragraph else 0,
            entry.note.quote_start if entry.note.quote_start is not None else -1,
            entry.note.created_at,
            entry.note.pk,
        ),
    )
