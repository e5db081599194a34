"""A reading belongs to the teacher who made it until it is assigned."""

from django.http import Http404

from .models import Reading, ReadingDraft


def reading_for_owner(user, reading_id: int) -> Reading:
    reading = Reading.objects.filter(pk=reading_id).first()
    if reading is None or not (user.is_site_admin or reading.owner_id == user.pk):
        raise Http404("No such reading.")
    return reading


def draft_for_owner(user, draft_id: int) -> ReadingDraft:
    draft = ReadingDraft.objects.filter(pk=draft_id, owner=user).first()
    if draft is None:
        raise Http404("No such draft.")
    return draft
