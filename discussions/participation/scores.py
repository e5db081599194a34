"""Participation scores: one pass over an assignment's visible comments, scored by its rubric.

The staff table, a student's explanation, the CSVs and the course gradebook all come from
`_score_comments`, so a score and its explanation cannot disagree.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Paragraph, ParagraphMap
from classroom.models import Assignment, Membership, Role
from discussions.models import (
    Comment,
    Criterion,
    ParticipationRubric,
    Pseudonym,
    ScoreOverride,
)

from .rubric import rubric_for

# What each criterion counts, as the explanation page says it.
COUNTS = {
    Criterion.COMMENTS: gettext_lazy("Comments that start a thread, answers to prompts included."),
    Criterion.REPLIES: gettext_lazy("Replies to someone else's comment."),
    Criterion.WORDS: gettext_lazy("Words written, counted between spaces."),
    Criterion.PARAGRAPHS: gettext_lazy("Different paragraphs discussed; each one counts once."),
    Criterion.PROMPTS: gettext_lazy(
        "Different prompts answered or discussed; each one counts once."
    ),
    Criterion.ON_TIME: gettext_lazy("Comments posted before the due date."),
    Criterion.HELPFUL: gettext_lazy("Classmates' helpful marks on these comments."),
    Criterion.ENDORSED: gettext_lazy("Comments an instructor or teaching assistant endorsed."),
}
# The word after a criterion's count ("3 replies"), in the reader's language.
UNITS = {
    Criterion.COMMENTS: lambda count: ngettext("thread", "threads", count),
    Criterion.REPLIES: lambda count: ngettext("reply", "replies", count),
    Criterion.WORDS: lambda count: ngettext("word", "words", count),
    Criterion.PARAGRAPHS: lambda count: ngettext("paragraph", "paragraphs", count),
    Criterion.PROMPTS: lambda count: ngettext("prompt", "prompts", count),
    Criterion.ON_TIME: lambda count: ngettext("on-time post", "on-time posts", count),
    Criterion.HELPFUL: lambda count: ngettext("helpful mark", "helpful marks", count),
    Criterion.ENDORSED: lambda count: ngettext("endorsed comment", "endorsed comments", count),
}


def format_points(value: Decimal) -> str:
    """2.500 -> "2.5", 10.00 -> "10": exact, without trailing zeros or exponents."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Contribution:
    """One comment and what it added to a criterion's count."""

    comment_id: int
    excerpt: str
    where: str
    created_at: datetime
    amount: int = 1
    note: str = ""

    @property
    def url(self) -> str:
        return reverse("discussions:comment", args=[self.comment_id])


@dataclass
class CriterionScore:
    criterion: Criterion
    weight: Decimal
    cap: Decimal
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.criterion.value

    @property
    def label(self) -> str:
        return self.criterion.label

    @property
    def counts(self) -> str:
        return COUNTS[self.criterion]

    @property
    def count(self) -> int:
        # The count is the sum of what the listed comments added, so the list explains it.
        return sum(contribution.amount for contribution in self.contributions)

    @property
    def unit(self) -> str:
        return UNITS[self.criterion](self.count)

    @property
    def earned(self) -> Decimal:
        return self.count * self.weight

    @property
    def points(self) -> Decimal:
        return min(self.earned, self.cap)

    @property
    def is_capped(self) -> bool:
        return self.earned > self.cap


@dataclass
class StudentParticipation:
    student: object
    pseudonym: str
    criteria: list[CriterionScore]
    points_possible: Decimal
    min_words: int = 0
    # A student made a teaching assistant, still graded as a student.
    is_teaching_assistant: bool = False
    student_number: str = ""
    override: ScoreOverride | None = None
    late: list[Contribution] = field(default_factory=list)
    too_short: list[Contribution] = field(default_factory=list)

    def criterion(self, key: str) -> CriterionScore:
        return next(score for score in self.criteria if score.key == key)

    def add(self, criterion: Criterion, contribution: Contribution) -> None:
        self.criterion(criterion).contributions.append(contribution)

    @property
    def scored_criteria(self) -> list[CriterionScore]:
        """The criteria that give points: zero-weight ones explain nothing, so pages hide them."""
        return [score for score in self.criteria if score.weight]

    @property
    def late_posts(self) -> int:
        return len(self.late)

    @property
    def posts(self) -> int:
        return (
            self.criterion(Criterion.COMMENTS).count
            + self.criterion(Criterion.REPLIES).count
            + len(self.too_short)
        )

    @property
    def subtotal(self) -> Decimal:
        return sum((score.points for score in self.criteria), Decimal(0))

    @property
    def rubric_score(self) -> Decimal:
        """What the rubric gives, whatever staff set by hand."""
        return min(self.subtotal, self.points_possible)

    @property
    def score(self) -> Decimal:
        """The score that counts: staff's, when they set one, else the rubric's."""
        return self.override.score if self.override else self.rubric_score

    @property
    def is_capped(self) -> bool:
        return self.subtotal > self.points_possible


def _where(paragraph_map, paragraph_id: int | None) -> tuple[object, str]:
    """A key for the paragraph a comment discusses (older wording counts as the current
    paragraph) and how to name it."""
    if paragraph_id is None:
        return None, _("Whole reading")
    current = paragraph_map.current_of(paragraph_id)
    if current is None:
        return f"removed-{paragraph_id}", _("A removed passage")
    return current.pk, f"¶ {current.number}"


def _graded_people(memberships) -> list[Membership]:
    """Graded memberships, with their users, by name."""
    return sorted(
        memberships.select_related("user"),
        key=lambda membership: (membership.user.public_name.casefold(), membership.user.username),
    )


def _blank_records(
    memberships: list[Membership], rubric: ParticipationRubric, *, pseudonyms: dict, overrides: dict
) -> dict[int, StudentParticipation]:
    """Per user id, a record with nothing counted yet."""
    return {
        membership.user_id: StudentParticipation(
            student=membership.user,
            pseudonym=pseudonyms.get(membership.user_id, ""),
            criteria=[
                CriterionScore(criterion, rubric.weight(criterion), rubric.cap(criterion))
                for criterion in Criterion
            ],
            points_possible=rubric.points_possible,
            min_words=rubric.min_words,
            is_teaching_assistant=membership.role == Role.TA,
            student_number=membership.student_number,
            override=overrides.get(membership.user_id),
        )
        for membership in memberships
    }


def participation_for(
    assignment: Assignment, *, student=None, rubric: ParticipationRubric | None = None
) -> list[StudentParticipation]:
    """Every graded member of the course (students, and teaching assistants still graded as
    students), or only `student` (a user or their id), by name, with what each visible comment
    earned under the rubric (by default the assignment's).
    Withdrawn, hidden and pending comments count for nothing until they are visible again;
    nothing written, marked helpful or endorsed after the assignment locked counts.
    A fixed number of queries however many students and comments there are."""
    memberships = Membership.objects.graded().filter(course_id=assignment.course_id)
    if student is not None:
        memberships = memberships.filter(user=student)
    people = _graded_people(memberships)
    if not people:
        return []
    rubric = rubric or rubric_for(assignment)
    pseudonyms = Pseudonym.objects.names_by_user(assignment) if assignment.anonymous else {}
    overrides = ScoreOverride.objects.filter(
        assignment=assignment, student_id__in=[membership.user_id for membership in people]
    )
    results = _blank_records(
        people,
        rubric,
        pseudonyms=pseudonyms,
        overrides={override.student_id: override for override in overrides},
    )
    comments = _counted_comments(
        Comment.objects.for_assignment(assignment), authors=memberships.values("user_id")
    )
    _score_comments(assignment, assignment.reading.paragraph_map(), results, comments)
    return list(results.values())


@dataclass
class GradebookColumn:
    assignment: Assignment
    points_possible: Decimal
    # The reading's title, numbered when the course assigned that reading more than once, so a
    # school gradebook importing the export meets each column name once.
    label: str = ""


@dataclass
class GradebookRow:
    membership: Membership
    columns: list[GradebookColumn]
    # One record per assignment, in the gradebook's column order.
    records: list[StudentParticipation]

    @property
    def cells(self) -> list[tuple[GradebookColumn, StudentParticipation]]:
        return list(zip(self.columns, self.records, strict=True))

    @property
    def student(self):
        return self.membership.user

    @property
    def is_teaching_assistant(self) -> bool:
        return self.membership.role == Role.TA

    @property
    def total(self) -> Decimal:
        return sum((record.score for record in self.records), Decimal(0))


@dataclass
class Gradebook:
    columns: list[GradebookColumn]
    rows: list[GradebookRow]

    @property
    def points_possible(self) -> Decimal:
        return sum((column.points_possible for column in self.columns), Decimal(0))


def course_gradebook(course) -> Gradebook:
    """Every graded member's score in every assignment of the course (oldest assignment
    first), scored exactly as each assignment's participation page scores it. A fixed number
    of queries however many members, assignments and comments there are."""
    memberships = Membership.objects.graded().filter(course=course)
    people = _graded_people(memberships)
    assignments = list(course.assignments.with_reading().order_by("created_at", "pk"))
    rubrics = {
        rubric.assignment_id: rubric
        for rubric in ParticipationRubric.objects.filter(assignment__course=course)
    }
    overrides: dict[tuple[int, int], ScoreOverride] = {
        (override.assignment_id, override.student_id): override
        for override in ScoreOverride.objects.filter(assignment__course=course)
    }
    paragraphs: dict[int, list] = {assignment.reading_id: [] for assignment in assignments}
    for paragraph in Paragraph.objects.filter(reading_id__in=paragraphs):
        paragraphs[paragraph.reading_id].append(paragraph)
    comments: dict[int, list] = {assignment.pk: [] for assignment in assignments}
    course_comments = Comment.objects.filter(assignment__course=course)
    for row in _counted_comments(course_comments, authors=memberships.values("user_id")):
        comments[row.assignment_id].append(row)
    columns, records = [], []
    for assignment in assignments:
        rubric = rubrics.get(assignment.pk) or ParticipationRubric(assignment=assignment)
        results = _blank_records(
            people,
            rubric,
            pseudonyms={},
            overrides={
                student_id: override
                for (assignment_id, student_id), override in overrides.items()
                if assignment_id == assignment.pk
            },
        )
        paragraph_map = ParagraphMap(
            paragraphs[assignment.reading_id], assignment.reading.current_version_id
        )
        _score_comments(assignment, paragraph_map, results, comments[assignment.pk])
        columns.append(GradebookColumn(assignment, rubric.points_possible))
        records.append(results)
    _label_columns(columns)
    rows = [
        GradebookRow(membership, columns, [column[membership.user_id] for column in records])
        for membership in people
    ]
    return Gradebook(columns, rows)


def _label_columns(columns: list[GradebookColumn]) -> None:
    titles = Counter(column.assignment.reading.title for column in columns)
    seen: Counter = Counter()
    for column in columns:
        title = column.assignment.reading.title
        seen[title] += 1
        column.label = f"{title} #{seen[title]}" if titles[title] > 1 else title


def _before_the_lock() -> Q:
    """Helpful marks given before their assignment locked (all of them if it never does)."""
    return Q(assignment__locks_at__isnull=True) | Q(
        reactions__created_at__lte=F("assignment__locks_at")
    )


def _endorsed_before_the_lock(assignment: Assignment, row) -> bool:
    # Endorsements from before endorsed_at was kept have no time; they count.
    if not row.endorsed_by_id:
        return False
    return not (assignment.locks_at and row.endorsed_at and row.endorsed_at > assignment.locks_at)


def _counted_comments(comments, *, authors):
    """The counted comments of these authors (visible, written before the lock), oldest
    first, with what scoring reads."""
    return (
        comments.counted()
        .filter(author_id__in=authors)
        .annotate(helpful_marks=Count("reactions", filter=_before_the_lock()))
        .values_list(
            "pk",
            "assignment_id",
            "author_id",
            "parent_id",
            "parent__author_id",
            "paragraph_id",
            "prompt_id",
            "endorsed_by_id",
            "endorsed_at",
            "body",
            "created_at",
            "helpful_marks",
            named=True,
        )
        .order_by("created_at", "pk")
    )


def _score_comments(
    assignment: Assignment, paragraph_map: ParagraphMap, results: dict, comments
) -> None:
    """Add what each of the assignment's counted comments earned to its author's criteria.
    A post shorter than the rubric's minimum is listed as too short and earns nothing; a
    reply counts as one only when it answers someone else."""
    paragraphs_seen: set[tuple[int, object]] = set()
    prompts_seen: set[tuple[int, int]] = set()
    for row in comments:
        person = results[row.author_id]
        paragraph_key, where = _where(paragraph_map, row.paragraph_id)
        base = Contribution(row.pk, Truncator(row.body).words(14), where, row.created_at)
        words = len(row.body.split())
        note = ngettext("%(count)d word", "%(count)d words", words) % {"count": words}
        if words < person.min_words:
            person.too_short.append(replace(base, note=note))
            continue
        if row.parent_id is None:
            person.add(Criterion.COMMENTS, base)
        elif row.parent__author_id != row.author_id:
            person.add(Criterion.REPLIES, base)
        person.add(Criterion.WORDS, replace(base, amount=words, note=note))
        if row.paragraph_id is not None and (row.author_id, paragraph_key) not in paragraphs_seen:
            paragraphs_seen.add((row.author_id, paragraph_key))
            note = _("first comment on %(where)s") % {"where": where}
            person.add(Criterion.PARAGRAPHS, replace(base, note=note))
        if row.prompt_id is not None and (row.author_id, row.prompt_id) not in prompts_seen:
            prompts_seen.add((row.author_id, row.prompt_id))
            person.add(Criterion.PROMPTS, replace(base, note=_("first comment on this prompt")))
        if assignment.is_late(row.created_at):
            person.late.append(replace(base, note=_("posted after the due date")))
        else:
            person.add(Criterion.ON_TIME, base)
        if row.helpful_marks:
            marks = row.helpful_marks
            note = ngettext("%(count)d helpful mark", "%(count)d helpful marks", marks) % {
                "count": marks
            }
            person.add(Criterion.HELPFUL, replace(base, amount=marks, note=note))
        if _endorsed_before_the_lock(assignment, row):
            person.add(Criterion.ENDORSED, base)


def explain(assignment: Assignment, student) -> StudentParticipation | None:
    """One graded member's score with the comments behind every criterion (None: not graded)."""
    found = participation_for(assignment, student=student)
    return found[0] if found else None
