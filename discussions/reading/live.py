"""Live updates: what changed in one paragraph's open discussion since the reader last asked.

An open discussion polls with a cursor: the moment (whole seconds since the epoch) its HTML
was made. The answer covers from OVERLAP before that moment until now, so a comment whose
transaction was still committing when the last answer was made is not missed; the browser
skips comments it already shows. When a thread on a phrase is new or changed, the answer
brings the paragraph's words with their marks as well.

Most polls find nothing. Those are answered from the cache and one query, before the person
is looked up (`nothing_new`, called by `QuietPollMiddleware`): a marker per assignment holds
when its newest comment change was, and a pass per session says which discussions its person
was last allowed to poll, at which count of changes to their access. Only "nothing new" is
ever answered that way; anything else takes the whole path, with every check.
docs/architecture.md, "Live updates", says why this stays right with or without a shared cache.
"""

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, PositiveIntegerField, Q
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

from articles.models import Paragraph, ParagraphMap
from classroom.models import User
from discussions.audience import Audience
from discussions.models import Comment

from .phrases import MARKING_THREADS, phrase_threads_among

OVERLAP = timedelta(seconds=2)
# How long a marker read from the database stands. A change forgets the marker, but only in
# this server's cache when caches are not shared, and a poll that read the database just
# before a change committed may store a marker that misses it: either way a change reaches the
# page at most this much later. The browser keeps its cursor until an answer has news.
MARKER_SECONDS = 5
# How long a pass lets a session's polls find "nothing new" without the person being looked
# up again. Any change to their access makes it stale at once, on every server: it holds the
# count of those changes it was given at (`User.access_version`).
PASS_SECONDS = 60


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


def _marker_key(assignment_id: int) -> str:
    return f"live-marker:{assignment_id}"


def _pass_key(session_key: str) -> str:
    # A digest: no cache, shared or not, holds a key that signs someone in.
    return f"live-pass:{hashlib.sha256(session_key.encode()).hexdigest()}"


@functools.cache
def _access_version_sql() -> str:
    quote = connection.ops.quote_name
    column = quote(User._meta.get_field("access_version").column)
    table, pk = quote(User._meta.db_table), quote(User._meta.pk.column)
    return f"SELECT {column} FROM {table} WHERE {pk} = %s"  # noqa: S608 -- the model's names


def _access_version_of(user_key: str) -> RawSQL:
    # Written out once: built as a Subquery each time, it would cost a quiet poll a third more
    # CPU time.
    return RawSQL(_access_version_sql(), [int(user_key)], PositiveIntegerField())  # noqa: S611


def discussion_changed(assignment_id: int) -> None:
    """Forget the assignment's marker now and once the change commits, so that no poll keeps
    a marker read between the two; the next poll reads the database."""
    key = _marker_key(assignment_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def remember_last_change(assignment_id: int, last_change: datetime | None) -> None:
    """Keep when the assignment's newest comment change was (read with the poll's checks)."""
    stamp = last_change.timestamp() if last_change else 0.0
    cache.set(_marker_key(assignment_id), stamp, MARKER_SECONDS)


def remember_pass(request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int) -> None:
    """Note that this session's person passed every check to poll this paragraph's discussion,
    at the count of changes to their access read with them, before the checks."""
    user_key = request.session.get(SESSION_KEY)
    if user_key is None:
        return
    key = _pass_key(request.session.session_key)
    access_version = request.user.access_version
    found = cache.get(key)
    polls = found["polls"] if found and found["access_version"] == access_version else set()
    polls.add((slug, assignment_id, paragraph_id))
    cache.set(
        key, {"user": user_key, "access_version": access_version, "polls": polls}, PASS_SECONDS
    )


def nothing_new(request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int) -> bool:
    """Whether this poll can be answered "nothing new" without the whole path: the session holds
    a pass for this discussion, the assignment's marker is no later than where the answer's
    window would start, and, in one query, the session still stands and its person's access
    has not changed since the pass was given. False whenever anything is unknown."""
    cursor = parse_cursor(request.GET.get("after", ""))
    session_key = request.session.session_key
    if cursor is None or session_key is None:
        return False
    keys = [_pass_key(session_key), _marker_key(assignment_id)]
    poll_pass, marker = (cache.get_many(keys).get(key) for key in keys)
    if (
        poll_pass is None
        or marker is None
        or (slug, assignment_id, paragraph_id) not in poll_pass["polls"]
        or marker > changed_since(cursor).timestamp()
    ):
        return False
    # The session's own read brings the person's count along: still one query.
    read = request.session.read_with(access_version=_access_version_of(poll_pass["user"]))
    return (
        request.session.get(SESSION_KEY) == poll_pass["user"]
        and read.get("access_version") == poll_pass["access_version"]
    )
