"""Who may see a note: its author, while a member of the course, and nobody else at all."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from articles.access import AccessRule
from classroom.access import can_view
from discussions.models import Note

NOTE_AUTHOR = AccessRule("note author", _("Only the note's author can see it."))
"""A private note's author. Everyone else, staff and site admins included, gets a 404: a note
is not theirs to know about, so the refusal is never shown."""


def note_for_author(user, note_id: int) -> Note:
    """The person's own note, if they are still a member of its course; else a 404."""
    note = (
        Note.objects.select_related("assignment__course", "assignment__reading", "paragraph")
        .filter(pk=note_id, author_id=user.pk)
        .first()
    )
    if note is None or not can_view(user, note.assignment.course):
        raise Http404("No such note.")
    return note
