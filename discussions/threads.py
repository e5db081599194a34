"""Turn a flat list of comments into nested threads that a template renders in one loop."""

from collections import defaultdict
from dataclasses import dataclass

from .models import Comment


@dataclass
class ThreadEntry:
    """One comment in reading order, with how many open reply lists close after it."""

    comment: Comment
    closes: int = 0

    @property
    def close_range(self) -> range:
        return range(self.closes)


def threads_by_paragraph(comments) -> dict[int, list[ThreadEntry]]:
    """Group comments (oldest first) by paragraph, each thread depth-first."""
    children: dict[int | None, list[Comment]] = defaultdict(list)
    roots: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is None:
            roots[comment.paragraph_id].append(comment)
        else:
            children[comment.parent_id].append(comment)

    def visit(comment: Comment, entries: list[ThreadEntry]) -> None:
        entries.append(ThreadEntry(comment))
        for reply in children.get(comment.pk, ()):
            visit(reply, entries)
        entries[-1].closes += 1

    result = {}
    for paragraph_id, paragraph_roots in roots.items():
        entries: list[ThreadEntry] = []
        for root in paragraph_roots:
            visit(root, entries)
        result[paragraph_id] = entries
    return result
