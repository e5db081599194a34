"""Participation scores: one pass over an assignment's visible comments, scored by its rubric.

The staff table, a student's explanation and the CSV all come from `participation_for`, so a
score and its explanation cannot disagree.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from classroom.models import Assignment, Membership, Role
from discussions.models import Comment, Criterion, ParticipationRubric, Pseudonym

from .rubric import rubric_for

# What each criterion counts, as the explanation page says it.
COUNTS = {
    Criterion.COMMENTS: gettext_lazy("Comments that start a thread, answers to prompts included."),
    Criterion.REPLIES: gettext_lazy("Replies to someone's comment."),
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


def _where(paragraph_map, paragraph_id: int | None) -> tuple[object, str]:
    """A key for the paragraph a comment discusses (older wording counts as the current
    paragraph) and how to name it."""
    if paragraph_id is None:
        return None, _("Whole reading")
    current = paragraph_map.current_of(paragraph_id)
    if current is None:
        return f"removed-{paragraph_id}", _("A removed passage")
    return current.pk, f"¶ {current.number}"


def participation_for(
    assignment: Assignment, *, student=None, rubric: ParticipationRubric | None = None
) -> list[StudentParticipation]:
    """Every active student of the course (or only `student`, a user or their id), by name,
    with what each visible comment earned under the rubric (by default the assignment's).
    Withdrawn, hidden and pending comments count for nothing until they are visible again;
    nothing written, marked helpful or endorsed after the assignment locked counts.
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
    pseudonyms = Pseudonym.objects.names_by_user(assignment) if assignment.anonymous else {}
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
    _score_comments(assignment, results, authors=memberships.values("user_id"))
    return list(results.values())


def _before_the_lock(assignment: Assignment) -> Q:
    """Helpful marks given before the assignment locked (all of them if it never does)."""
    return Q(reactions__created_at__lte=assignment.locks_at) if assignment.locks_at else Q()


def _endorsed_before_the_lock(assignment: Assignment, row) -> bool:
    # Endorsements from before endorsed_at was kept have no time; they count.
    if not row.endorsed_by_id:
        return False
    return not (assignment.locks_at and row.endorsed_at and row.endorsed_at > assignment.locks_at)


def _counted_comments(assignment: Assignment, authors):
    """The counted comments of these authors (visible, written before the lock), oldest
    first, with what scoring reads."""
    return (
        Comment.objects.for_assignment(assignment)
        .counted()
        .filter(author_id__in=authors)
        .annotate(helpful_marks=Count("reactions", filter=_before_the_lock(assignment)))
        .values_list(
            "pk",
            "author_id",
            "parent_id",
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


def _score_comments(assignment: Assignment, results: dict, *, authors) -> None:
    """Add what each visible comment earned to its author's criteria."""
    paragraph_map = assignment.reading.paragraph_map()
    paragraphs_seen: set[tuple[int, object]] = set()
    prompts_seen: set[tuple[int, int]] = set()
    for row in _counted_comments(assignment, authors):
        person = results[row.author_id]
        paragraph_key, where = _where(paragraph_map, row.paragraph_id)
        base = Contribution(row.pk, Truncator(row.body).words(14), where, row.created_at)
        person.add(Criterion.REPLIES if row.parent_id else Criterion.COMMENTS, base)
        words = len(row.body.split())
        note = ngettext("%(count)d word", "%(count)d words", words) % {"count": words}
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
    """One student's score with the comments behind every criterion (None: not a student)."""
    found = participation_for(assignment, student=student)
    return found[0] if found else None
