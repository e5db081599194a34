"""Participation scores: one pass over an assignment's visible comments, scored by its rubric.

The staff table, a student's explanation and the CSV all come from `participation_for`, so a
score and its explanation cannot disagree.
"""

import csv
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils.text import Truncator

from classroom.access import can_moderate
from classroom.models import Assignment, Membership, Role

from .models import Comment, Criterion, ParticipationRubric, Pseudonym, Status

# What each criterion counts, as the explanation page says it.
COUNTS = {
    Criterion.COMMENTS: "Comments that start a thread, answers to prompts included.",
    Criterion.REPLIES: "Replies to someone's comment.",
    Criterion.WORDS: "Words written, counted between spaces.",
    Criterion.PARAGRAPHS: "Different paragraphs discussed; each one counts once.",
    Criterion.PROMPTS: "Different prompts answered or discussed; each one counts once.",
    Criterion.ON_TIME: "Comments posted before the due date.",
    Criterion.HELPFUL: "Classmates' helpful marks on these comments.",
    Criterion.ENDORSED: "Comments an instructor or teaching assistant endorsed.",
}
UNITS = {
    Criterion.COMMENTS: ("thread", "threads"),
    Criterion.REPLIES: ("reply", "replies"),
    Criterion.WORDS: ("word", "words"),
    Criterion.PARAGRAPHS: ("paragraph", "paragraphs"),
    Criterion.PROMPTS: ("prompt", "prompts"),
    Criterion.ON_TIME: ("on-time post", "on-time posts"),
    Criterion.HELPFUL: ("helpful mark", "helpful marks"),
    Criterion.ENDORSED: ("endorsed comment", "endorsed comments"),
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
        singular, plural = UNITS[self.criterion]
        return singular if self.count == 1 else plural

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
    late: list[Contribution] = field(default_factory=list)

    def criterion(self, key: str) -> CriterionScore:
        return next(score for score in self.criteria if score.key == key)

    def add(self, criterion: Criterion, contribution: Contribution) -> None:
        self.criterion(criterion).contributions.append(contribution)

    @property
    def late_posts(self) -> int:
        return len(self.late)

    @property
    def posts(self) -> int:
        return self.criterion(Criterion.COMMENTS).count + self.criterion(Criterion.REPLIES).count

    @property
    def subtotal(self) -> Decimal:
        return sum((score.points for score in self.criteria), Decimal(0))

    @property
    def score(self) -> Decimal:
        return min(self.subtotal, self.points_possible)

    @property
    def is_capped(self) -> bool:
        return self.subtotal > self.points_possible


def rubric_for(assignment: Assignment) -> ParticipationRubric:
    """The assignment's rubric, or the default one (unsaved) when staff never set one."""
    rubric = ParticipationRubric.objects.filter(assignment=assignment).first()
    return rubric or ParticipationRubric(assignment=assignment)


@transaction.atomic
def rubric_update(*, assignment: Assignment, editor, values: dict) -> ParticipationRubric:
    """Save new weights, caps and points possible; refuses (ValidationError) negative ones."""
    if not can_moderate(editor, assignment.course):
        raise PermissionDenied("Only instructors and teaching assistants can change the rubric.")
    rubric = rubric_for(assignment)
    for name, value in values.items():
        setattr(rubric, name, value)
    rubric.updated_by = editor
    rubric.full_clean()
    rubric.save()
    return rubric


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _where(paragraph_map, paragraph_id: int | None) -> tuple[object, str]:
    """A key for the paragraph a comment discusses (older wording counts as the current
    paragraph) and how to name it."""
    if paragraph_id is None:
        return None, "Whole reading"
    current = paragraph_map.current_of(paragraph_id)
    if current is None:
        return f"removed-{paragraph_id}", "A removed passage"
    return current.pk, f"¶ {current.number}"


def participation_for(
    assignment: Assignment, *, student=None, rubric: ParticipationRubric | None = None
) -> list[StudentParticipation]:
    """Every active student of the course (or only `student`, a user or their id), by name,
    with what each visible comment earned under the rubric (by default the assignment's).
    Withdrawn, hidden and pending comments count for nothing until they are visible again.
    A fixed number of queries however many students and comments there are."""
    rubric = rubric or rubric_for(assignment)
    memberships = Membership.objects.active().filter(
        course_id=assignment.course_id, role=Role.STUDENT
    )
    if student is not None:
        memberships = memberships.filter(user=student)
    people = sorted(
        (membership.user for membership in memberships.select_related("user")),
        key=lambda user: (user.public_name.casefold(), user.username),
    )
    if not people:
        return []
    pseudonyms = {}
    if assignment.anonymous:
        pseudonyms = dict(
            Pseudonym.objects.filter(assignment=assignment).values_list("user_id", "name")
        )
    results = {
        user.pk: StudentParticipation(
            student=user,
            pseudonym=pseudonyms.get(user.pk, ""),
            criteria=[
                CriterionScore(criterion, rubric.weight(criterion), rubric.cap(criterion))
                for criterion in Criterion
            ],
            points_possible=rubric.points_possible,
        )
        for user in people
    }
    rows = (
        Comment.objects.for_assignment(assignment)
        .filter(status=Status.VISIBLE)
        .filter(author_id__in=memberships.values("user_id"))
        .annotate(helpful_marks=Count("reactions"))
        .values_list(
            "pk",
            "author_id",
            "parent_id",
            "paragraph_id",
            "prompt_id",
            "is_late",
            "endorsed_by_id",
            "body",
            "created_at",
            "helpful_marks",
            named=True,
        )
        .order_by("created_at", "pk")
    )
    paragraph_map = assignment.reading.paragraph_map()
    paragraphs_seen: set[tuple[int, object]] = set()
    prompts_seen: set[tuple[int, int]] = set()
    for row in rows:
        person = results[row.author_id]
        paragraph_key, where = _where(paragraph_map, row.paragraph_id)
        base = Contribution(row.pk, Truncator(row.body).words(14), where, row.created_at)
        person.add(Criterion.REPLIES if row.parent_id else Criterion.COMMENTS, base)
        words = len(row.body.split())
        person.add(Criterion.WORDS, replace(base, amount=words, note=_plural(words, "word")))
        if row.paragraph_id is not None and (row.author_id, paragraph_key) not in paragraphs_seen:
            paragraphs_seen.add((row.author_id, paragraph_key))
            person.add(Criterion.PARAGRAPHS, replace(base, note=f"first comment on {where}"))
        if row.prompt_id is not None and (row.author_id, row.prompt_id) not in prompts_seen:
            prompts_seen.add((row.author_id, row.prompt_id))
            person.add(Criterion.PROMPTS, replace(base, note="first comment on this prompt"))
        if row.is_late:
            person.late.append(replace(base, note="posted after the due date"))
        else:
            person.add(Criterion.ON_TIME, base)
        if row.helpful_marks:
            marks = row.helpful_marks
            person.add(
                Criterion.HELPFUL, replace(base, amount=marks, note=_plural(marks, "helpful mark"))
            )
        if row.endorsed_by_id:
            person.add(Criterion.ENDORSED, base)
    return list(results.values())


def explain(assignment: Assignment, student) -> StudentParticipation | None:
    """One student's score with the comments behind every criterion (None: not a student)."""
    found = participation_for(assignment, student=student)
    return found[0] if found else None


# Spreadsheets run a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_download(filename: str) -> tuple[HttpResponse, "csv._writer"]:
    """A CSV attachment and a writer for it; the BOM makes spreadsheets read it as UTF-8.
    Cells from users must still go through spreadsheet_safe."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")
    return response, csv.writer(response)


def spreadsheet_safe(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_header(assignment: Assignment) -> list[str]:
    pseudonym = ["Pseudonym (seen by classmates)"] if assignment.anonymous else []
    criteria = [criterion.label for criterion in Criterion]
    return ["Name", "Username", *pseudonym, *criteria, "Late posts", "Score", "Points possible"]


def csv_row(assignment: Assignment, person: StudentParticipation) -> list[str]:
    pseudonym = [person.pseudonym] if assignment.anonymous else []
    cells = [
        person.student.public_name,
        person.student.username,
        *pseudonym,
        *(score.count for score in person.criteria),
        person.late_posts,
        format_points(person.score),
        format_points(person.points_possible),
    ]
    return [spreadsheet_safe(cell) for cell in cells]
