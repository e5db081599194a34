"""A comment's earlier wordings, each with a word-by-word diff from the one before."""

import difflib
import itertools
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from discussions.models import Comment, CommentRevision

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
    revisions = list(
        comment.revisions.filter(outcome=CommentRevision.Outcome.REPLACED)
        .select_related("edited_by")
        .order_by("created_at", "pk")
    )
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


@dataclass
class UnpublishedEdit:
    """An edit that waited for review and never showed: still waiting, turned down, or
    replaced by its author before anyone reviewed it."""

    body: str
    since: datetime
    label: str
    diff: SafeString


def unpublished_edits(comment: Comment, versions: list[Version]) -> list[UnpublishedEdit]:
    """Newest first, each diffed against the wording classmates read when it was set aside
    (the waiting one against the current wording)."""

    def shown_at(moment: datetime) -> str:
        return next((v.body for v in reversed(versions) if v.since <= moment), versions[0].body)

    edits = [
        UnpublishedEdit(
            body=revision.body,
            since=revision.created_at,
            label=revision.get_outcome_display(),
            diff=word_diff(shown_at(revision.created_at), revision.body),
        )
        for revision in comment.revisions.exclude(outcome=CommentRevision.Outcome.REPLACED)
    ]
    if comment.pending_body:
        edits.append(
            UnpublishedEdit(
                body=comment.pending_body,
                since=comment.changed_at,
                label=_("Edit waiting for review"),
                diff=word_diff(comment.body, comment.pending_body),
            )
        )
    return sorted(edits, key=lambda edit: edit.since, reverse=True)
