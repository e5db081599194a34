"""The comments an export holds, read through the downloader's `Audience`: staff get every
comment of the assignment with its status, a student only their own."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from classroom.access import STAFF, ensure_rule
from classroom.models import Assignment, Course

from ..audience import Audience, audience_for
from ..models import Comment, Kind, Status


class Names(models.TextChoices):
    """How staff exports name students of anonymous assignments (staff always by name)."""

    PSEUDONYMS = "pseudonyms", _("Pseudonyms, as classmates see them")
    REAL = "names", _("Real names, with the pseudonym classmates see")


@dataclass(frozen=True)
class ExportedComment:
    """One comment as it leaves Colloquy: where it sits, who wrote it (as the downloader may
    name them) and what it says."""

    comment: Comment
    assignment: Assignment
    creator: str
    # Under a pseudonym rather than a name (a nickname in Web Annotation terms).
    by_pseudonym: bool
    paragraph_number: int | None
    reading_version: int | None

    @property
    def is_reply(self) -> bool:
        return self.comment.parent_id is not None

    @property
    def is_question(self) -> bool:
        return self.comment.kind == Kind.QUESTION

    @property
    def text(self) -> str:
        """The Markdown as written; a withdrawn comment's author took its text back, so it
        leaves with its place in the thread but without its words."""
        return "" if self.comment.status == Status.WITHDRAWN else self.comment.body

    @property
    def html(self) -> str:
        return "" if self.comment.status == Status.WITHDRAWN else self.comment.body_html

    @property
    def modified(self) -> datetime | None:
        return self.comment.edited_at


def as_exported(audience: Audience, comments, *, names: Names) -> list[ExportedComment]:
    exported = []
    for comment in audience.present(comments):
        by_pseudonym = (
            names == Names.PSEUDONYMS
            and audience.assignment.anonymous
            and comment.author_id is not None
            and not comment.by_staff
        )
        exported.append(
            ExportedComment(
                comment=comment,
                assignment=audience.assignment,
                creator=(
                    audience.pseudonym_of(comment.author_id)
                    if by_pseudonym
                    else comment.author_label
                ),
                by_pseudonym=by_pseudonym,
                paragraph_number=comment.paragraph_number,
                reading_version=comment.reading_version,
            )
        )
    return exported


def _comments(audience: Audience):
    return Comment.objects.for_audience(audience).annotate(
        paragraph_number=F("paragraph__number"),
        reading_version=F("paragraph__version__number"),
    )


def staff_discussion(audience: Audience):
    """Every comment of the assignment staff may see (pending, hidden and withdrawn included,
    each with its status), in the order they were written. Staff only."""
    ensure_rule(STAFF, audience.user, audience.assignment.course)
    return _comments(audience)


def assignment_comments(audience: Audience, *, names: Names) -> list[ExportedComment]:
    return as_exported(audience, staff_discussion(audience), names=names)


def own_comments(audience: Audience) -> list[ExportedComment]:
    """The downloader's own comments in the assignment, whatever their status."""
    return as_exported(audience, _comments(audience).filter(author=audience.user), names=Names.REAL)


def course_assignments(course: Course) -> list[Assignment]:
    return list(Assignment.objects.with_reading().filter(course=course).order_by("opens_at", "pk"))


def course_comments(user, course: Course, *, names: Names) -> list[ExportedComment]:
    """Every assignment's discussion in turn: a fixed number of queries per assignment."""
    ensure_rule(STAFF, user, course)
    return [
        exported
        for assignment in course_assignments(course)
        for exported in assignment_comments(audience_for(user, assignment), names=names)
    ]


def own_course_comments(user, course: Course) -> list[ExportedComment]:
    return [
        exported
        for assignment in course_assignments(course)
        for exported in own_comments(audience_for(user, assignment))
    ]
