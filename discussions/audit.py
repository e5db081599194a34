"""Reading the record: a course's audit trail, its CSV, and a comment's earlier wordings."""

import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from classroom.models import Course

from .models import Comment, ModerationAction, Status
from .participation import spreadsheet_safe

STATUS_LABELS = dict(Status.choices)


def course_audit(course: Course, *, kind: str = "") -> QuerySet[ModerationAction]:
    """Every audit row of the course, newest first, with the people each row names."""
    actions = ModerationAction.objects.filter(course=course)
    if kind:
        actions = actions.filter(kind=kind)
    return actions.select_related("actor", "subject").order_by("-created_at", "-pk")


def comment_audit(comment: Comment) -> QuerySet[ModerationAction]:
    """A comment's audit rows in the order they happened."""
    return (
        ModerationAction.objects.filter(comment=comment)
        .select_related("actor", "subject")
        .order_by("created_at", "pk")
    )


# --- CSV ---


def csv_header(course: Course) -> list[str]:
    return [_("When (%(zone)s)") % {"zone": course.time_zone}, *map(str, CSV_COLUMNS)]


CSV_COLUMNS = [
    gettext_lazy("Action"),
    gettext_lazy("By"),
    gettext_lazy("By (username)"),
    gettext_lazy("Concerning"),
    gettext_lazy("Concerning (username)"),
    gettext_lazy("Comment"),
    gettext_lazy("Reason"),
    gettext_lazy("Status before"),
    gettext_lazy("Status after"),
]


def _status_label(value: str) -> str:
    return STATUS_LABELS.get(value, value)


def csv_rows(
    actions: QuerySet[ModerationAction], *, course: Course, comment_url
) -> Iterator[list[str]]:
    """One row per audit row; every cell made safe to open in a spreadsheet."""
    zone = ZoneInfo(course.time_zone)
    for action in actions.iterator(chunk_size=500):
        subject = action.subject
        cells = [
            action.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            action.get_kind_display(),
            action.actor.public_name,
            action.actor.username,
            subject.public_name if subject else "",
            subject.username if subject else "",
            comment_url(action.comment_id) if action.comment_id else "",
            action.reason,
            _status_label(action.from_status),
            _status_label(action.to_status),
        ]
        yield [spreadsheet_safe(cell) for cell in cells]


# --- Revision history ---

# Words, runs of space and single punctuation marks: "sat." and "sat" share the word.
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
# Matching takes time that grows with the product of the two lengths; past this, compare
# whole lines, and past it again show the old text removed and the new added.
_MATCH_BUDGET = 3500 * 3500


def _shared_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many tokens the two share at the start, and then at the end."""
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and old[start] == new[start]:
        start += 1
    end = 0
    while end < shortest - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def _changes(before: str, after: str) -> list[tuple[str, str, str]]:
    """(operation, removed text, added text) runs turning `before` into `after`."""
    for tokens in (_WORDS, _LINES):
        old, new = tokens.findall(before), tokens.findall(after)
        # Most edits touch one place: set the shared start and end aside before matching.
        start, end = _shared_ends(old, new)
        middle_old, middle_new = old[start : len(old) - end], new[start : len(new) - end]
        if len(middle_old) * len(middle_new) <= _MATCH_BUDGET:
            break
    else:
        return [("replace", before, after)]
    runs = [("equal", "", "".join(new[:start]))]
    matcher = difflib.SequenceMatcher(None, middle_old, middle_new)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = "".join(middle_old[old_start:old_end])
        added = "".join(middle_new[new_start:new_end])
        runs.append((operation, removed, added))
    runs.append(("equal", "", "".join(new[len(new) - end :])))
    return runs


def word_diff(before: str, after: str) -> SafeString:
    """`after` as HTML with words removed since `before` in <del> and added ones in <ins>.

    Every piece of user text goes through escape() or format_html(), so marking the joined
    result safe adds no unescaped text."""
    pieces = []
    for operation, removed, added in _changes(before, after):
        if operation == "equal":
            pieces.append(escape(added))
            continue
        if removed:
            pieces.append(format_html("<del>{}</del>", removed))
        if added:
            pieces.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(pieces))  # noqa: S308 - built only from escaped pieces


@dataclass
class Version:
    number: int
    body: str
    written_by: object
    since: datetime
    diff: SafeString | None = None
    is_current: bool = False


def comment_versions(comment: Comment) -> list[Version]:
    """Every wording the comment has had, oldest first, each with its diff from the one before.

    A CommentRevision keeps the wording an edit replaced: the first revision is the original
    text, and the comment itself holds the current one."""
    revisions = list(comment.revisions.select_related("edited_by").order_by("created_at", "pk"))
    versions = []
    since, written_by = comment.created_at, comment.author
    for number, revision in enumerate(revisions, start=1):
        versions.append(
            Version(number=number, body=revision.body, written_by=written_by, since=since)
        )
        since, written_by = revision.created_at, revision.edited_by
    versions.append(
        Version(
            number=len(revisions) + 1,
            body=comment.body,
            written_by=written_by,
            since=since,
            is_current=True,
        )
    )
    for previous, version in itertools.pairwise(versions):
        version.diff = word_diff(previous.body, version.body)
    return versions
