"""What a course search finds for one person: comments, prompts and reading text of the
readings they may open, each comment through the same `Audience` as the reading page."""

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from articles.models import Paragraph
from classroom.access import can_moderate
from classroom.models import NAME_FIELDS, STAFF_ROLES, Assignment, Course, Membership, User
from discussions.audience import Audience, audiences_for, staff_of, writers_named
from discussions.models import DELETED_ACCOUNT, Comment, Kind, Prompt, Pseudonym, Status
from discussions.reading.page import reading_url

from .backends import Matcher, Terms, matcher_for, newest_matching
from .forms import ANYTHING, PROMPTS, READING_TEXT
from .snippets import plain_text, snippet

RESULTS_PER_PAGE = 20
# Counting stops here: past it, "1,000 or more" says as much as the exact number, and a
# common word in a large course costs no full count.
RESULTS_COUNTED = 1000

COMMENT, PROMPT, TEXT = "comment", "prompt", "text"


@dataclass(frozen=True)
class Filters:
    terms: Terms
    assignment: Assignment | None = None
    person: str = ""
    type: str = ANYTHING
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class People:
    named: list[int]
    meant: list[int]


@dataclass
class Result:
    kind: str
    url: str
    snippet: str
    assignment: Assignment
    paragraph_number: int | None = None
    author_label: str = ""
    created_at: datetime | None = None
    comment_kind: str = ""
    pending: bool = False


def readable_assignments(user, course: Course, assignments: list[Assignment]) -> list[Assignment]:
    """Those of the course's `assignments` this person may open now (staff: all of them)."""
    staff, now = can_moderate(user, course), timezone.now()
    return [assignment for assignment in assignments if staff or assignment.is_open(now)]


class CountedPaginator(Paginator):
    """Pages of the first RESULTS_COUNTED hits, of which `hits` holds the newest (at least as
    many as the page asked for shows: see `hits_needed`) and `total` says how many there are."""

    def __init__(self, hits: list[tuple], total: int):
        super().__init__(hits, RESULTS_PER_PAGE)
        self.total = total

    @property
    def count(self) -> int:
        return self.total

    @property
    def counted_all(self) -> bool:
        return self.count < RESULTS_COUNTED


def hits_needed(number) -> int:
    """How many of the newest hits reach the end of page `number`, read as the paginator reads
    it were every hit counted: page 1 for what is not a number, the last page (all of them) for
    a number no page has. Where fewer are found, the page it falls back to ends sooner."""
    return Paginator(range(RESULTS_COUNTED), RESULTS_PER_PAGE).get_page(number).end_index()


class CourseSearch:
    """One search by one person. `page(number)` runs it: one query counts the newest
    RESULTS_COUNTED hits and sends those the page needs; then one query per kind of hit on the
    page, whatever the page holds."""

    def __init__(self, user, assignments: list[Assignment], filters: Filters):
        self.user, self.filters = user, filters
        if filters.assignment is not None:
            assignments = [filters.assignment]
        self.audiences = {a.assignment.pk: a for a in audiences_for(user, assignments)}

    def page(self, number) -> Page:
        page = CountedPaginator(*self._hits(hits_needed(number))).get_page(number)
        page.object_list = self._results(list(page.object_list))
        return page

    # --- Finding ---

    def _hits(self, needed: int) -> tuple[list[tuple], int]:
        """(kind, id, assignment id) of the newest `needed` matches, newest first, and how many
        there are up to RESULTS_COUNTED, from one query. Reading text is found by its reading,
        and shown in that reading's first assignment here.

        Each kind is read newest first by id, which rises with time, so the database walks
        its search index from the newest row and stops at RESULTS_COUNTED, however common the
        words; a UNION of the kinds sorted by time would read and sort every match. The newest
        RESULTS_COUNTED of all kinds are among the newest RESULTS_COUNTED of each: the database
        sorts and counts those, and sends only the ones the page needs."""
        kinds, params = [], []
        for kind, finder in (
            (COMMENT, self._comments),
            (PROMPT, self._prompts),
            (TEXT, self._paragraphs),
        ):
            if not self._wanted(kind):
                continue
            try:
                sql, kind_params = finder()[:RESULTS_COUNTED].query.sql_with_params()
            except EmptyResultSet:  # no text of this kind, or none with a word searched
                continue
            kinds.append(sql)
            params += kind_params
        if not kinds:
            return [], 0
        # Each kind's query (as Django wrote it, values as parameters) a subquery of its own,
        # which keeps its order and limit.
        union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS kind" for sql in kinds)  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT "found", "item", "where", COUNT(*) OVER () '  # noqa: S608
                f'FROM ({union}) AS hits ORDER BY "when" DESC, "item" DESC LIMIT %s',
                [*params, needed],
            )
            rows = cursor.fetchall()
        total = rows[0][3] if rows else 0
        hits = [
            (found, item, self._first_assignments[where] if found == TEXT else where)
            for found, item, where, _total in rows
        ]
        return hits, min(total, RESULTS_COUNTED)

    @cached_property
    def _first_assignments(self) -> dict[int, int]:
        """Each reading searched, and the first of its assignments here: a reading assigned
        twice in the course is found once, in that one."""
        first: dict[int, int] = {}
        for pk in sorted(self.audiences):
            first.setdefault(self.audiences[pk].assignment.reading_id, pk)
        return first

    @cached_property
    def _matcher(self) -> Matcher:
        languages = (audience.assignment.reading.language for audience in self.audiences.values())
        return matcher_for(self.filters.terms, languages)

    def _wanted(self, kind: str) -> bool:
        chosen = self.filters.type
        if kind == TEXT:
            # Reading text has no author or date of its own to filter by.
            writing_filters = self.filters.person or self.filters.start or self.filters.end
            return chosen in (ANYTHING, READING_TEXT) and not writing_filters
        if kind == PROMPT:
            return chosen in (ANYTHING, PROMPTS)
        return chosen not in (READING_TEXT, PROMPTS)

    def _languages(self, column: str) -> dict[str, Q]:
        """The rows of each reading language, by their assignment (or reading) `column`."""
        ids: dict[str, list[int]] = {}
        for audience in self.audiences.values():
            assignment = audience.assignment
            key = assignment.reading_id if column == "reading_id" else assignment.pk
            ids.setdefault(assignment.reading.language, []).append(key)
        return {language: Q(**{f"{column}__in": keys}) for language, keys in ids.items()}

    def _dated(self, queryset: QuerySet) -> QuerySet:
        zone = timezone.get_current_timezone()
        if self.filters.start:
            start = datetime.combine(self.filters.start, time.min, zone)
            queryset = queryset.filter(created_at__gte=start)
        if self.filters.end:
            end = datetime.combine(self.filters.end, time.max, zone)
            queryset = queryset.filter(created_at__lte=end)
        return queryset

    def _as_hits(
        self,
        queryset: QuerySet,
        kind: str,
        *,
        column: str,
        where,
        when,
        authors: list[int] | None = None,
        comment_kind: str = "",
    ):
        """The matches among `queryset` (whose readings `column` names), newest first, by
        `authors` and of reply type `comment_kind` where given, each with the place `where`
        names and the time `when` gives."""
        found = newest_matching(
            queryset, self._matcher, self._languages(column), authors=authors, kind=comment_kind
        )
        return found.annotate(found=Value(kind), item=F("pk"), where=where, when=when).values_list(
            "found", "item", "where", "when"
        )

    def _comments(self) -> QuerySet:
        # Readings with the same rule for this person share one condition, so the database
        # weighs each rule once however many readings the course has.
        by_rule: dict[Q, list[int]] = {}
        for audience in self.audiences.values():
            rule = audience.comment_filter()
            if self.filters.person:
                rule &= _by_person(audience, self._people.named, self.filters.person)
            by_rule.setdefault(rule, []).append(audience.assignment.pk)
        if len(by_rule) == 1:
            # One rule for every reading searched: which readings those are, newest_matching
            # says (by their language). Said twice, PostgreSQL would weigh it twice and expect
            # half the matches there are, and plan for that.
            (seen,) = by_rule
        else:
            seen = Q(pk__in=[])
            for rule, assignment_ids in by_rule.items():
                seen |= Q(assignment_id__in=assignment_ids) & rule
        comments = Comment.objects.filter(seen).filter(
            # Hidden and withdrawn words are out of every page; pending ones only for their
            # author, as on the reading page.
            Q(status=Status.VISIBLE) | Q(status=Status.PENDING, author=self.user)
        )
        return self._as_hits(
            self._dated(comments),
            COMMENT,
            column="assignment_id",
            where=F("assignment_id"),
            when=F("created_at"),
            # The people first, as a list: the database then finds their comments among the
            # matches instead of checking every match against each reading's rule.
            authors=self._people.meant if self.filters.person else None,
            comment_kind=self.filters.type if self.filters.type in Kind.values else "",
        )

    @cached_property
    def _people(self) -> "People":
        """Whom the person filter names, and everyone it may mean in the readings searched
        (by name or by pseudonym: more than `_by_person` lets through, never less), in one
        query."""
        anonymous = [pk for pk, audience in self.audiences.items() if audience.assignment.anonymous]
        pseudonyms = Pseudonym.objects.filter(
            assignment__in=anonymous, name__icontains=self.filters.person
        ).values_list("user_id", Value(False))
        named = _named(self.filters.person).values_list("pk", Value(True))
        found = list(named.union(pseudonyms))
        return People(
            named=sorted({pk for pk, by_name in found if by_name}),
            meant=sorted({pk for pk, _by_name in found}),
        )

    def _prompts(self) -> QuerySet:
        if not any(audience.prompts for audience in self.audiences.values()):
            # The audiences hold every prompt the readings have that is not withdrawn: none here,
            # no query to write.
            return Prompt.objects.none()
        prompts = Prompt.objects.filter(withdrawn_at__isnull=True)
        return self._as_hits(
            self._dated(prompts),
            PROMPT,
            column="assignment_id",
            where=F("assignment_id"),
            when=F("created_at"),
            # Prompts are written by staff, who are named in anonymous readings too.
            authors=self._people.named if self.filters.person else None,
        )

    def _paragraphs(self) -> QuerySet:
        current = [
            audience.assignment.reading.current_version_id for audience in self.audiences.values()
        ]
        return self._as_hits(
            Paragraph.objects.filter(version_id__in=current),
            TEXT,
            column="reading_id",
            # The reading: the assignment it is shown in is `_first_assignments`' (see `_hits`).
            where=F("reading_id"),
            when=F("version__created_at"),
        )

    # --- Showing ---

    def _results(self, hits: list[tuple]) -> list[Result]:
        ids = {
            kind: [item for found, item, _where in hits if found == kind]
            for kind in (COMMENT, PROMPT, TEXT)
        }
        loaded = {
            COMMENT: self._load_comments(ids[COMMENT]),
            PROMPT: self._load_prompts(ids[PROMPT]),
            TEXT: self._load_paragraphs(ids[TEXT]),
        }
        results = []
        for found, item, where in hits:
            results.append(loaded[found][item](self.audiences[where]))
        return results

    def _load_comments(self, ids: list[int]) -> dict:
        if not ids:
            return {}
        course_id = next(iter(self.audiences.values())).assignment.course_id
        staff = Membership.objects.active().filter(course_id=course_id, role__in=STAFF_ROLES)
        comments = (
            Comment.objects.filter(pk__in=ids)
            .order_by()  # read into a dict by id
            # What a result shows: no other wording, quote or paragraph text; the paragraph's
            # number and the author's names as columns, rather than an object each.
            .only("body_html", "kind", "status", "created_at", "paragraph", "author")
            .annotate(
                paragraph_number=F("paragraph__number"),
                by_staff=Q(author__is_superuser=True)
                | Exists(staff.filter(user_id=OuterRef("author_id"))),
                **{f"author_{name}": F(f"author__{name}") for name in NAME_FIELDS},
            )
        )
        writers = writers_named(comments, paths=["author"])

        def shown(comment):
            def result(audience: Audience) -> Result:
                label = audience.label(writers, comment.author_id, comment.by_staff)
                return Result(
                    kind=COMMENT,
                    url=comment.get_absolute_url(),
                    snippet=self._snippet(comment.body_html),
                    assignment=audience.assignment,
                    paragraph_number=comment.paragraph_number,
                    author_label=label,
                    created_at=comment.created_at,
                    comment_kind=Kind(comment.kind).label if comment.kind else "",
                    pending=comment.status == Status.PENDING,
                )

            return result

        return {comment.pk: shown(comment) for comment in comments}

    def _load_prompts(self, ids: list[int]) -> dict:
        if not ids:
            return {}

        def shown(prompt):
            def result(audience: Audience) -> Result:
                author = prompt.author.public_name if prompt.author_id else str(DELETED_ACCOUNT)
                url = reading_url(
                    audience.assignment, paragraph_id=prompt.paragraph_id, anchor=prompt.anchor
                )
                return Result(
                    kind=PROMPT,
                    url=url,
                    snippet=self._snippet(prompt.body_html),
                    assignment=audience.assignment,
                    paragraph_number=prompt.paragraph.number if prompt.paragraph_id else None,
                    author_label=author,
                    created_at=prompt.created_at,
                )

            return result

        prompts = Prompt.objects.filter(pk__in=ids).select_related("author", "paragraph")
        return {prompt.pk: shown(prompt) for prompt in prompts}

    def _load_paragraphs(self, ids: list[int]) -> dict:
        def shown(paragraph):
            def result(audience: Audience) -> Result:
                return Result(
                    kind=TEXT,
                    url=reading_url(
                        audience.assignment, paragraph_id=None, anchor=paragraph.anchor
                    ),
                    snippet=self._snippet(paragraph.html),
                    assignment=audience.assignment,
                    paragraph_number=paragraph.number,
                )

            return result

        if not ids:
            return {}
        return {
            paragraph.pk: shown(paragraph) for paragraph in Paragraph.objects.filter(pk__in=ids)
        }

    def _snippet(self, rendered_html: str):
        return snippet(plain_text(rendered_html), self.filters.terms.words)


def _named(person: str) -> QuerySet:
    """People whose name, given or family name matches, or whose username is this."""
    return User.objects.filter(
        Q(display_name__icontains=person)
        | Q(first_name__icontains=person)
        | Q(last_name__icontains=person)
        | Q(username__iexact=person)
    )


def _by_person(audience: Audience, named: list[int], person: str) -> Q:
    """Comments by the person a reader names (`named`: the people of that name). In an
    anonymous reading a student finds classmates by pseudonym only: a real name finds staff
    (named there) and themselves."""
    by_name = Q(author__in=named)
    if not audience.assignment.anonymous:
        return by_name
    pseudonyms = Pseudonym.objects.filter(assignment=audience.assignment, name__icontains=person)
    by_pseudonym = Q(author__in=pseudonyms.values("user_id"))
    if audience.is_staff:
        return by_name | by_pseudonym
    named_here = staff_of(audience.assignment.course) | Q(author=audience.user)
    return (by_name & named_here) | (by_pseudonym & ~staff_of(audience.assignment.course))
