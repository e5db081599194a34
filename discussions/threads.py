"""Turn a flat list of comments into nested threads that a template renders in one loop."""

from collections import defaultdict
from dataclasses import dataclass

from articles.models import ParagraphMap

from .models import Comment


@dataclass
class ThreadEntry:
    """One comment in reading order, with how many open reply lists close after it."""

    comment: Comment
    closes: int = 0

    @property
    def close_range(self) -> range:
        return range(self.closes)


def threads_by_paragraph(comments, paragraph_map: ParagraphMap) -> dict[int, list[ThreadEntry]]:
    """Group comments (oldest first) by the current paragraph they belong to, depth-first.

    Comments whose passage was removed are keyed by the removed paragraph's own id. A comment
    written on wording that has since changed gets `earlier_paragraph` to show what it saw.
    """
    children: dict[int, list[Comment]] = defaultdict(list)
    roots: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        current = paragraph_map.current_of(comment.paragraph_id)
        written_on = paragraph_map.by_id[comment.paragraph_id]
        if current is not None and current.text != written_on.text:
            comment.earlier_paragraph = written_on
        if comment.parent_id is None:
            roots[current.pk if current else written_on.pk].append(comment)
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
