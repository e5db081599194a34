"""Turn a flat list of comments into nested threads that a template renders in one loop."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from articles.models import ParagraphMap
from discussions.audience import Audience
from discussions.models import Comment, Status

from .as_stored import AsStored, Stored
from .phrases import marks_for, phrase_threads

# Discussion(scope=ALL_PARAGRAPHS) loads every paragraph's threads ("show all discussions").
ALL_PARAGRAPHS = "all"
DENSITY_STEPS = 5
# A paragraph's discussion shows this many threads at a time, each whole, then "Show more".
THREADS_PER_PAGE = 20
# Pinned threads first, each group oldest first.
THREAD_ORDER = (F("pinned").desc(), F("created_at").asc(), F("pk").asc())
# Columns a page of threads never reads, left in the database: each one loaded would be
# converted and keyed (discussions/reading/fragments.py) a thousand times on a full page. The
# Markdown source is for editing, when a comment last changed for live updates; a phrase's
# place and the words around it mark the paragraph, which `phrase_threads` reads on its own;
# the assignment and group were chosen by the query, and an endorsement shows without its date.
# A partial that read one would load it with a query per comment, into HTML whose fragment key
# lacks it; tests/test_query_counts.py shows comments in every state cost no query each.
NOT_ON_PAGE = (
    "body",
    "changed_at",
    "quote_prefix",
    "quote_suffix",
    "quote_start",
    "quote_end",
    "assignment",
    "group",
    "endorsed_at",
)
# More threads than any place holds: answers to a prompt and comments on removed passages
# show whole.
UNBOUNDED = 2**31 - 1


@dataclass
class ThreadEntry:
    """One comment in reading order (on a page of threads a `Stored` row), with how many open
    reply lists close after it."""

    comment: Comment | Stored
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
        if comment.paragraph_id is not None:
            current = paragraph_map.current_of(comment.paragraph_id)
            written_on = paragraph_map.by_id[comment.paragraph_id]
            if current is not None and current.text != written_on.text:
                comment.earlier_paragraph = written_on
        key = thread_key(paragraph_map, prompt_ids, comment.paragraph_id, comment.prompt_id)
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


def thread_key(
    paragraph_map: ParagraphMap, prompt_ids, paragraph_id: int | None, prompt_id: int | None
) -> int | str:
    """Where a thread sits (see `group_threads`)."""
    if prompt_id in prompt_ids:
        return prompt_key(prompt_id)
    if paragraph_id is None:
        return 0
    current_id = paragraph_map.resolved[paragraph_id]
    return paragraph_id if current_id is None else current_id


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


def count_columns(audience: Audience, *, seen: bool = False) -> dict[str, Count]:
    """What the count beside a paragraph says, as aggregates over its comments, to group by
    paragraph or to read as a column of another query: `shown`, the comments this person may
    see, and, while post-first keeps classmates' comments back and the assignment lets their
    number show, `standing`, every comment posting would show (in a group discussion, their
    group's and staff's, never another group's), so `counts_of` can tell how many wait. Only
    visible comments count: none waiting for review (their author's own neither), hidden by a
    moderator or withdrawn. With `seen`, also every comment of theirs or others this person
    may see in any state, which no count shows but which says whether a thread is there."""
    visible = Q(status=Status.VISIBLE)
    columns = {"shown": Count("pk", filter=visible & audience.comment_filter())}
    if seen:
        columns["seen"] = Count("pk", filter=audience.comment_filter())
    if audience.hides_peers() and not audience.assignment.hide_counts_before_posting:
        columns["standing"] = Count("pk", filter=visible & audience.after_posting_filter())
    return columns


def counts_of(row: dict) -> tuple[int, int]:
    """How many comments a row of `count_columns` shows and how many wait until posting."""
    shown = row["shown"]
    return shown, row.get("standing", shown) - shown


class Counts(NamedTuple):
    """A page's counts (`paragraph_counts`): visible comments per current paragraph, how many
    wait there until this person posts, and the paragraphs (by the id a comment was written
    on, None for the whole reading) holding any comment this person may see."""

    shown: dict[int, int]
    waiting: dict[int, int]
    held: frozenset[int | None]


def paragraph_counts(audience: Audience, paragraph_map: ParagraphMap, *, paragraph=None) -> Counts:
    """Visible comments per current paragraph (only `paragraph`'s if given), how many wait
    until this person posts, and where they may see any comment, in one query."""
    comments = audience.assignment.comments.all()
    if paragraph is not None:
        comments = comments.filter(paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk))
    columns = count_columns(audience, seen=True)
    rows = comments.order_by().values("paragraph_id").annotate(**columns)
    shown: dict[int, int] = {}
    waiting: dict[int, int] = {}
    held = set()
    for row in rows:
        paragraph_id = row["paragraph_id"]
        if row["seen"]:
            held.add(paragraph_id)
        current_id = paragraph_map.resolved.get(paragraph_id) if paragraph_id else None
        if current_id is not None:
            for count, result in zip(counts_of(row), (shown, waiting), strict=True):
                result[current_id] = result.get(current_id, 0) + count
    return Counts(shown, waiting, frozenset(held))


def count_comments(audience: Audience, paragraph_map: ParagraphMap, paragraph) -> None:
    """Set one current paragraph's counts for the template, counting only its comments."""
    counts = paragraph_counts(audience, paragraph_map, paragraph=paragraph)
    paragraph.comment_count = counts.shown.get(paragraph.pk, 0)
    paragraph.hidden_count = counts.waiting.get(paragraph.pk, 0)


def seen_with_count(audience: Audience, paragraph_map: ParagraphMap, paragraph, comment_id: int):
    """One comment as this person sees it (as `Audience.seen`), with `paragraph`'s counts set
    as `count_comments` sets them, read in the same query: the answer to a post shows both."""
    here = audience.assignment.comments.filter(
        paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk)
    )
    columns = count_columns(audience)
    # Grouped by assignment: the paragraph's one row of counts.
    counted = here.order_by().values("assignment_id").annotate(**columns)
    shown = (
        Comment.objects.for_audience(audience)
        .one(comment_id)
        .annotate(
            **{f"paragraph_{name}": Coalesce(Subquery(counted.values(name)), 0) for name in columns}
        )
    )
    comment = next(iter(audience.present(shown)), None)
    if comment is not None:
        row = {name: getattr(comment, f"paragraph_{name}") for name in columns}
        paragraph.comment_count, paragraph.hidden_count = counts_of(row)
    return comment


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


def _thread_starts(audience: Audience, *, kind: str = ""):
    """The first comments of the threads this person may see (holding a comment labelled
    `kind`, if given)."""
    starts = Comment.objects.filter(assignment=audience.assignment, parent__isnull=True).filter(
        audience.comment_filter()
    )
    if kind:
        labelled = Comment.objects.filter(audience.comment_filter(), kind=kind)
        starts = starts.filter(Exists(labelled.filter(thread_root=OuterRef("pk"))))
    return starts


def _on_paragraphs(paragraph_ids, prompt_ids) -> Q:
    """Thread starts on these paragraphs that answer no standing prompt: the threads a
    paragraph's discussion pages through."""
    condition = Q(paragraph_id__in=paragraph_ids)
    if prompt_ids:
        condition &= Q(prompt_id__isnull=True) | ~Q(prompt_id__in=prompt_ids)
    return condition


@dataclass
class Page:
    """The threads of one page: every comment shown, and for each paragraph with threads
    beyond these the number of the page that comes next."""

    comments: list[Comment] = field(default_factory=list)
    next_pages: dict[int, int] = field(default_factory=dict)


def _page_of_threads(
    audience: Audience, starts, paragraph_map: ParagraphMap, prompt_ids, *, pages: dict[int, int]
) -> Page:
    """Every comment this person may see in the threads among `starts`, named, in one query:
    for each current paragraph one page of its threads (the first unless `pages` says which)
    plus the first thread of the next page, which tells whether there is one and is then left
    out; every other thread (answers to prompts, comments on removed passages) whole."""
    # One partition per place a thread sits (`thread_key`): a paragraph's earlier wordings
    # count as the paragraph, answers to a withdrawn prompt as its paragraph's threads.
    earlier_wordings = [
        When(paragraph_id__in=ids, then=Value(paragraph.pk))
        for paragraph in paragraph_map.current
        if len(ids := paragraph_map.ids_leading_to(paragraph.pk)) > 1
    ]
    place = Case(*earlier_wordings, default=F("paragraph_id"), output_field=BigIntegerField())
    answered = Case(
        When(prompt_id__in=prompt_ids, then=F("prompt_id")),
        default=None,
        output_field=BigIntegerField(),
    )
    current_ids = [pk for pk, current_id in paragraph_map.resolved.items() if current_id]
    on_paragraphs = _on_paragraphs(current_ids, prompt_ids)
    first = [
        When(_on_paragraphs(paragraph_map.ids_leading_to(pk), prompt_ids), then=page - 1)
        for pk, page in pages.items()
    ]
    page_starts = (
        starts.annotate(
            place=Window(RowNumber(), partition_by=[place, answered], order_by=THREAD_ORDER),
            before=Case(*first, default=Value(0)) * THREADS_PER_PAGE,
            until=Case(
                When(on_paragraphs, then=F("before") + THREADS_PER_PAGE + 1),
                default=Value(UNBOUNDED),
            ),
        )
        .filter(place__gt=F("before"), place__lte=F("until"))
        .values("pk")
    )
    # As stored rows: only the comments rendered afresh become model instances (as_stored.py).
    comments = audience.present(
        AsStored(
            Comment.objects.for_audience(audience)
            .defer(*NOT_ON_PAGE)
            .filter(thread_root_id__in=page_starts)
        )
    )
    by_key: dict[int | str, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is None:
            key = thread_key(paragraph_map, prompt_ids, comment.paragraph_id, comment.prompt_id)
            by_key[key].append(comment)
    result = Page()
    beyond = set()
    for key, thread_starts in by_key.items():
        if paragraph_map.resolved.get(key) == key and len(thread_starts) > THREADS_PER_PAGE:
            result.next_pages[key] = pages.get(key, 1) + 1
            beyond.add(max(thread_starts, key=_sort_key).pk)
    result.comments = [c for c in comments if c.thread_root_id not in beyond]
    return result


def _sort_key(start: Comment) -> tuple:
    """A thread's place in `THREAD_ORDER`."""
    return (not start.pinned, start.created_at, start.pk)


def thread_page_number(audience: Audience, paragraph_id: int, thread_id: int) -> int:
    """The page of a current paragraph's discussion that holds thread `thread_id` as this
    person sees it (1 if they do not see it there), counted in one query."""
    paragraph_map = audience.assignment.reading.paragraph_map()
    prompt_ids = {prompt.pk for prompt in audience.prompts}
    on_paragraph = _on_paragraphs(paragraph_map.ids_leading_to(paragraph_id), prompt_ids)
    starts = _thread_starts(audience).filter(on_paragraph)
    target = starts.filter(pk=thread_id)
    pinned, created_at = (Subquery(target.values(name)[:1]) for name in ("pinned", "created_at"))
    earlier = (
        Q(pinned__gt=pinned)
        | Q(pinned=pinned, created_at__lt=created_at)
        | Q(pinned=pinned, created_at=created_at, pk__lt=thread_id)
    )
    return starts.filter(earlier).count() // THREADS_PER_PAGE + 1


def paragraph_threads_page(
    audience: Audience, paragraph_id: int, page: int, *, kind: str = ""
) -> tuple[list[ThreadEntry], int | None]:
    """One page of a current paragraph's threads (after the first, for "Show more") and the
    number of the next page, None if this is the last."""
    paragraph_map = audience.assignment.reading.paragraph_map()
    prompt_ids = {prompt.pk for prompt in audience.prompts}
    ids = paragraph_map.ids_leading_to(paragraph_id)
    starts = _thread_starts(audience, kind=kind).filter(_on_paragraphs(ids, prompt_ids))
    found = _page_of_threads(
        audience, starts, paragraph_map, prompt_ids, pages={paragraph_id: page}
    )
    entries = group_threads(found.comments, paragraph_map, prompt_ids).get(paragraph_id, [])
    if kind:
        entries = threads_holding(entries, kind)
    return entries, found.next_pages.get(paragraph_id)


class Discussion:
    """What one person may see of an assignment's discussion, in a fixed number of queries,
    shared by the full page and every fragment.

    `scope` is ALL_PARAGRAPHS, one current paragraph's id, or None (no paragraph open); each
    paragraph in scope shows one page of threads (the first, or `page` of the paragraph
    opened); answers to prompts and comments on removed passages always load whole. The whole
    page (`counted`) counts first, for every paragraph, and reads no threads where the counts
    show this person can see no comment at all: the page as it opens, with no discussion open,
    reads none on most readings.
    """

    def __init__(
        self,
        audience: Audience,
        *,
        scope: int | str | None,
        kind: str = "",
        page: int = 1,
        counted: bool = False,
    ):
        self.audience = audience
        self.paragraph_map = audience.assignment.reading.paragraph_map()
        self.counts = paragraph_counts(audience, self.paragraph_map) if counted else None
        prompt_ids = {prompt.pk for prompt in audience.prompts}
        starts = _thread_starts(audience, kind=kind)
        pages = {}
        places = None  # anywhere
        if scope != ALL_PARAGRAPHS:
            shown = set(self.paragraph_map.removed_ids)
            if scope is not None:
                shown |= set(self.paragraph_map.ids_leading_to(scope))
                pages[scope] = page
            starts = starts.filter(Q(paragraph_id__in=shown) | Q(paragraph__isnull=True))
            places = shown | {None}
        if self._sees_none_in(places):
            found = Page()
        else:
            found = _page_of_threads(audience, starts, self.paragraph_map, prompt_ids, pages=pages)
        self.page = page
        self.next_pages = found.next_pages
        threads = group_threads(found.comments, self.paragraph_map, prompt_ids)
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

    def _sees_none_in(self, places: set | None) -> bool:
        """Whether the counts show that this person may see no comment on `places` (raw
        paragraph ids, None for the whole reading; places None: anywhere)."""
        if self.counts is None:
            return False
        held = self.counts.held
        return not (held if places is None else held & places)

    def prepare(self, paragraph, counts: Counts | None = None) -> None:
        """Attach a current paragraph's threads, prompts and counts (the whole page's, else
        counted for this paragraph) for the template."""
        paragraph.entries = self.threads.get(paragraph.pk, [])
        paragraph.next_page = self.next_pages.get(paragraph.pk)
        paragraph.waiting_here = self.audience.waits_in(paragraph.pk)
        paragraph.prompts_here = [p for p in self.audience.prompts if p.place == paragraph]
        if counts is None:
            count_comments(self.audience, self.paragraph_map, paragraph)
        else:
            paragraph.comment_count = counts.shown.get(paragraph.pk, 0)
            paragraph.hidden_count = counts.waiting.get(paragraph.pk, 0)

    def prepare_all(self) -> list:
        """Every current paragraph of the whole page (`counted`) prepared, with a 0-5 density
        for the margin bar and its phrases marked."""
        counts = self.counts
        busiest = max(counts.shown.values(), default=0)
        paragraphs = self.paragraph_map.current
        mark_phrases(self.paragraph_map, paragraphs, phrase_threads(self.audience))
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
