"""Live updates: what changed in one paragraph's open discussion since the reader last asked.

An open discussion polls with a cursor: the moment (whole seconds since the epoch) its HTML
was made. The answer covers from OVERLAP before that moment until now, so a comment whose
transaction was still committing when the last answer was made is not missed; the browser
skips comments it already shows. When a thread on a phrase is new or changed, the answer
brings the paragraph's words with their marks as well.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import F, Q

from articles.models import Paragraph, ParagraphMap
from discussions.audience import Audience
from discussions.models import Comment

from .phrases import MARKING_THREADS, phrase_threads_among

OVERLAP = timedelta(seconds=2)


def parse_cursor(value: str) -> datetime | None:
    """The moment a cursor names, or None for anything that is not one."""
    if not (value.isascii() and value.isdigit()) or len(value) > 11:
        return None
    return datetime.fromtimestamp(int(value), tz=UTC)


def cursor_for(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def changed_since(cursor: datetime) -> datetime:
    """Where the window of changes for this cursor starts."""
    return cursor - OVERLAP


@dataclass
class Changes:
    """What changed in one paragraph's discussion since a cursor, as one person may see it."""

    # Oldest first, named for this person, each with `live_list`: the id of the list it
    # belongs at the end of, if the page lacks it.
    comments: list[Comment]
    # When a thread on a phrase is among them (a new mark, or one that goes), every phrase
    # this person may see marked in the paragraph, as `phrase_threads` gives them; else None.
    phrases: dict[int, list[tuple]] | None


def paragraph_changes(
    audience: Audience, paragraph_map: ParagraphMap, paragraph: Paragraph, cursor: datetime
) -> Changes:
    """Comments in this paragraph's discussion that changed since the cursor and that this
    person may see (post-first, review, groups: `Audience`), and the paragraph's marks if they
    moved. One query brings both: the threads that mark the paragraph come along with the
    changes, so a new mark costs nothing more."""
    since = changed_since(cursor)
    comments = (
        Comment.objects.for_audience(audience)
        .filter(paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk))
        .filter(Q(changed_at__gt=since) | MARKING_THREADS)
        # Set here, as threads.group_threads does, so no comment asks its thread root.
        .annotate(in_locked_thread=F("thread_root__thread_locked"))
    )
    comments = audience.present(comments)
    changed = [comment for comment in comments if comment.changed_at > since]
    prompt_ids = {prompt.pk for prompt in audience.prompts}
    for comment in changed:
        written_on = paragraph_map.by_id[comment.paragraph_id]
        if written_on.text != paragraph.text:
            comment.earlier_paragraph = written_on
        if comment.parent_id:
            comment.live_list = f"replies-{comment.parent_id}"
        elif comment.prompt_id in prompt_ids:
            comment.live_list = f"prompt-threads-{comment.prompt_id}"
        else:
            comment.live_list = f"threads-{paragraph.pk}"
    marks_moved = any(comment.parent_id is None and comment.quote for comment in changed)
    return Changes(changed, phrase_threads_among(comments) if marks_moved else None)
