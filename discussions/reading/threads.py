"""Turn a flat list of comments into nested threads that a template renders in one loop."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Subquery
from django.db.models.functions import Coalesce

from articles.models import ParagraphMap
from discussions.audience import Audience
from discussions.models import Comment, Status

from .phrases import MARKING_THREADS, marks_for, phrase_threads_among

# Discussion(scope=ALL_PARAGRAPHS) loads every paragraph's threads ("show all discussions").
ALL_PARAGRAPHS = "all"
DENSITY_STEPS = 5


@dataclass
class ThreadEntry:
    """One comment in reading order, with how many open reply lists close after it."""

    comment: Comment
    closes: int = 0


def prompt_key(prompt_id: int) -> str:
    return f"prompt-{prompt_id}"


def group_threads(
    comments, paragraph_map: ParagraphMap, prompt_ids=frozenset()
) -> dict[int | str, list[ThreadEntry]]:
    """Group comments (oldest first) into threads, depth-first, keyed by where they sit;
    pinned threads come first.

    Answers to a prompt in `prompt_ids` (those still standing) are keyed `prompt_key(prompt
    id)`; other threads, answers to a withdrawn prompt among them, by the current paragraph
    they belong to (0 for none), or by a removed paragraph's own id. A comment written on
    wording that has since changed gets `earlier_paragraph` to show what its author saw.
    """
    children: dict[int, list[Comment]] = defaultdict(list)
    roots: dict[int | str, list[Comment]] = defaultdict(list)
    for comment in comments:
        key: int | str = 0
        if comment.paragraph_id is not None:
            current = paragraph_map.current_of(comment.paragraph_id)
            written_on = paragraph_map.by_id[comment.paragraph_id]
            if current is not None and current.text != written_on.text:
                comment.earlier_paragraph = written_on
            key = current.pk if current else written_on.pk
        if comment.prompt_id in prompt_ids:
            key = prompt_key(comment.prompt_id)
        if comment.parent_id is None:
            roots[key].append(comment)
        else:
            children[comment.parent_id].append(comment)

    def visit(comment: Comment, entries: list[ThreadEntry], locked: bool) -> None:
        # Set here so a locked thread shows no Reply links without a query per comment.
        comment.in_locked_thread = locked
        entries.append(ThreadEntry(comment))
        for reply in children.get(comment.pk, ()):
            visit(reply, entries, locked)
        entries[-1].closes += 1

    result = {}
    for key, thread_roots in roots.items():
        entries: list[ThreadEntry] = []
        # Pinned threads first, each group oldest first (the sort is stable).
        for root in sorted(thread_roots, key=lambda root: not root.pinned):
            visit(root, entries, root.thread_locked)
        result[key] = entries
    return result


def threads_holding(entries: list[ThreadEntry], kind: str) -> list[ThreadEntry]:
    """The whole threads among `entries` (one key's, from `group_threads`) that hold a
    comment labelled `kind`; a thread's entries run together and share its root."""
    threads: list[list[ThreadEntry]] = []
    for entry in entries:
        if not threads or entry.comment.thread_root_id != threads[-1][0].comment.thread_root_id:
            threads.append([])
        threads[-1].append(entry)
    return [
        entry
        for thread in threads
        if any(entry.comment.kind == kind for entry in thread)
        for entry in thread
    ]


def paragraph_counts(audience: Audience, paragraph_map: ParagraphMap, *, paragraph=None):
    """Visible comments per current paragraph (only `paragraph`'s if given), and how many
    wait until this person posts."""
    assignment = audience.assignment
    comments = assignment.comments.all()
    if paragraph is not None:
        comments = comments.filter(paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk))
    visible = comments.filter(audience.comment_filter()).counts_by_paragraph()
    hidden = {}
    if audience.hides_peers() and not assignment.hide_counts_before_posting:
        total = comments.counts_by_paragraph()
        hidden = {pk: total[pk] - visible.get(pk, 0) for pk in total}
    results: tuple[dict[int, int], dict[int, int]] = ({}, {})
    for counts, result in zip((visible, hidden), results, strict=True):
        for paragraph_id, count in counts.items():
            current_id = paragraph_map.resolved.get(paragraph_id) if paragraph_id else None
            if current_id is not None:
                result[current_id] = result.get(current_id, 0) + count
    return results


def count_comments(audience: Audience, paragraph_map: ParagraphMap, paragraph) -> None:
    """Set one current paragraph's counts for the template, counting only its comments."""
    visible, hidden = paragraph_counts(audience, paragraph_map, paragraph=paragraph)
    paragraph.comment_count = visible.get(paragraph.pk, 0)
    paragraph.hidden_count = hidden.get(paragraph.pk, 0)


def seen_with_count(audience: Audience, paragraph_map: ParagraphMap, paragraph, comment_id: int):
    """One comment as this person sees it (as `Audience.seen`), with `paragraph`'s counts set
    as `count_comments` sets them, read in the same query: the answer to a post shows both."""
    here = audience.assignment.comments.filter(
        paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk), status=Status.VISIBLE
    )
    counts = {"visible_here": _count_of(here.filter(audience.comment_filter()))}
    if audience.hides_peers() and not audience.assignment.hide_counts_before_posting:
        counts["all_here"] = _count_of(here)
    shown = Comment.objects.for_audience(audience).filter(pk=comment_id).annotate(**counts)
    comment = next(iter(audience.present(shown)), None)
    if comment is not None:
        paragraph.comment_count = comment.visible_here
        paragraph.hidden_count = getattr(comment, "all_here", comment.visible_here)
        paragraph.hidden_count -= comment.visible_here
    return comment


def _count_of(comments) -> Coalesce:
    """How many `comments` there are, as a column of another query."""
    counted = comments.order_by().values("assignment_id").annotate(total=Count("pk"))
    return Coalesce(Subquery(counted.values("total")), 0)


def mark_phrases(paragraph_map: ParagraphMap, paragraphs, found: dict) -> None:
    """Set `marks` on current paragraphs from the phrases `found` (by `phrase_threads` or
    `phrase_threads_among`) on them, those written on earlier wordings included."""
    spans: dict[int, list] = defaultdict(list)
    for paragraph_id, found_here in found.items():
        current_id = paragraph_map.resolved.get(paragraph_id)
        if current_id is not None:
            spans[current_id].extend(found_here)
    for paragraph in paragraphs:
        paragraph.marks = marks_for(paragraph, spans.get(paragraph.pk, ()))


class Discussion:
    """What one person may see of an assignment's discussion, in a fixed number of queries,
    shared by the full page and every fragment.

    `scope` is ALL_PARAGRAPHS, one current paragraph's id, or None (no paragraph open);
    answers to prompts on the whole reading and comments on removed passages always load, and
    so do threads on phrases, which every paragraph marks whether open or not.
    """

    def __init__(self, audience: Audience, *, scope: int | str | None, kind: str = ""):
        self.audience = audience
        self.paragraph_map = audience.assignment.reading.paragraph_map()
        # Neither the Markdown source (for editing) nor when a comment last changed (for live
        # updates) shows on a page.
        comments = Comment.objects.for_audience(audience).defer("body", "changed_at")
        if scope != ALL_PARAGRAPHS:
            shown = set(self.paragraph_map.removed_ids)
            if scope is not None:
                shown |= set(self.paragraph_map.ids_leading_to(scope))
            in_scope = Q(paragraph_id__in=shown) | Q(paragraph__isnull=True)
            comments = comments.filter(in_scope | MARKING_THREADS)
        prompt_ids = {prompt.pk for prompt in audience.prompts}
        comments = audience.present(comments)
        # The page's one query for comments brings the threads on phrases along.
        self.phrases = phrase_threads_among(comments)
        if scope != ALL_PARAGRAPHS:
            comments = [c for c in comments if c.paragraph_id in shown or c.paragraph_id is None]
        threads = group_threads(comments, self.paragraph_map, prompt_ids)
        if kind:
            threads = {key: threads_holding(entries, kind) for key, entries in threads.items()}
        self.threads = threads
        locked = set(audience.locked_prompt_ids)
        for prompt in audience.prompts:
            prompt.entries = threads.get(prompt_key(prompt.pk), [])
            prompt.locked = prompt.pk in locked
            prompt.place = (
                self.paragraph_map.current_of(prompt.paragraph_id) if prompt.paragraph_id else None
            )

    def prepare(self, paragraph, counts=None) -> None:
        """Attach a current paragraph's threads, prompts and counts (from `paragraph_counts`
        for the whole page, else counted for this paragraph) for the template."""
        paragraph.entries = self.threads.get(paragraph.pk, [])
        paragraph.waiting_here = self.audience.waits_in(paragraph.pk)
        paragraph.prompts_here = [p for p in self.audience.prompts if p.place == paragraph]
        if counts is None:
            count_comments(self.audience, self.paragraph_map, paragraph)
        else:
            paragraph.comment_count = counts[0].get(paragraph.pk, 0)
            paragraph.hidden_count = counts[1].get(paragraph.pk, 0)

    def prepare_all(self) -> list:
        """Every current paragraph prepared, with a 0-5 density for the margin bar and its
        phrases marked."""
        counts = paragraph_counts(self.audience, self.paragraph_map)
        busiest = max(counts[0].values(), default=0)
        paragraphs = self.paragraph_map.current
        mark_phrases(self.paragraph_map, paragraphs, self.phrases)
        for paragraph in paragraphs:
            self.prepare(paragraph, counts)
            share = paragraph.comment_count * DENSITY_STEPS
            paragraph.density = -(-share // busiest) if busiest else 0
        return paragraphs

    @property
    def reading_prompts(self) -> list:
        return [p for p in self.audience.prompts if p.paragraph_id is None]

    @property
    def reading_threads(self) -> list[ThreadEntry]:
        """Threads on the whole reading: answers to its withdrawn prompts."""
        return self.threads.get(0, [])

    def removed_passages(self) -> list:
        removed = []
        for pk in self.paragraph_map.removed_ids:
            if pk in self.threads:
                paragraph = self.paragraph_map.by_id[pk]
                paragraph.entries = self.threads[pk]
                removed.append(paragraph)
        return removed
