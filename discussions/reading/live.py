"""Live updates: what changed in one paragraph's open discussion since the reader last asked.

An open discussion polls with a cursor: the moment (whole seconds since the epoch) its HTML
was made. The answer covers from OVERLAP before that moment until now, so a comment whose
transaction was still committing when the last answer was made is not missed; the browser
skips comments it already shows.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import F

from articles.models import Paragraph, ParagraphMap
from discussions.audience import Audience
from discussions.models import Comment

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


def changed_comments(
    audience: Audience, paragraph_map: ParagraphMap, paragraph: Paragraph, cursor: datetime
) -> list[Comment]:
    """Comments in this paragraph's discussion that changed since the cursor and that this
    person may see (post-first, review, groups: `Audience`), oldest first, named for them, each
    with `live_list`: the id of the list it belongs at the end of, if the page lacks it."""
    comments = (
        Comment.objects.for_audience(audience)
        .filter(
            paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk),
            changed_at__gt=changed_since(cursor),
        )
        # Set here, as threads.group_threads does, so no comment asks its thread root.
        .annotate(in_locked_thread=F("thread_root__thread_locked"))
    )
    comments = audience.present(comments)
    prompt_ids = {prompt.pk for prompt in audience.prompts}
    for comment in comments:
        written_on = paragraph_map.by_id[comment.paragraph_id]
        if written_on.text != paragraph.text:
            comment.earlier_paragraph = written_on
        if comment.parent_id:
            comment.live_list = f"replies-{comment.parent_id}"
        elif comment.prompt_id in prompt_ids:
            comment.live_list = f"prompt-threads-{comment.prompt_id}"
        else:
            comment.live_list = f"threads-{paragraph.pk}"
    return comments
