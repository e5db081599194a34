"""Where the talk is: a reading's paragraphs ranked by how many visible posts each drew."""

from dataclasses import dataclass, field

from classroom.models import Assignment
from discussions.models import Comment, Status


@dataclass
class ParagraphActivity:
    paragraph: object
    posts: int = 0
    threads: int = 0
    prompts: int = 0
    authors: set[int] = field(default_factory=set)

    @property
    def people(self) -> int:
        return len(self.authors)

    @property
    def replies(self) -> int:
        return self.posts - self.threads


def paragraph_activity(assignment: Assignment) -> list[ParagraphActivity]:
    """Every current paragraph, busiest first (ties in reading order). Comments on older
    wording count for the paragraph it became; only visible comments count, as in the
    margin bar."""
    paragraph_map = assignment.reading.paragraph_map()
    activity = {paragraph.pk: ParagraphActivity(paragraph) for paragraph in paragraph_map.current}
    rows = (
        Comment.objects.for_assignment(assignment)
        .filter(status=Status.VISIBLE, paragraph__isnull=False)
        .values_list("paragraph_id", "parent_id", "author_id")
    )
    for paragraph_id, parent_id, author_id in rows:
        current_id = paragraph_map.resolved.get(paragraph_id)
        if current_id is None:
            continue  # a removed passage: no longer part of the reading
        entry = activity[current_id]
        entry.posts += 1
        entry.threads += parent_id is None
        entry.authors.add(author_id)
    for paragraph_id in assignment.prompts.filter(
        paragraph__isnull=False, withdrawn_at__isnull=True
    ).values_list("paragraph_id", flat=True):
        current_id = paragraph_map.resolved.get(paragraph_id)
        if current_id is not None:
            activity[current_id].prompts += 1
    return sorted(activity.values(), key=lambda entry: (-entry.posts, entry.paragraph.position))
