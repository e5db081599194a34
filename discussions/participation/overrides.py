"""Scores staff set by hand: one student, one assignment, a reason, in the audit log."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from classroom.access import STAFF, ensure_rule
from classroom.models import Assignment
from discussions.audit.trail import record
from discussions.models import ModerationAction, ScoreOverride

from .scores import StudentParticipation, format_points


def _ensure_someone_else(person: StudentParticipation, actor) -> None:
    # A teaching assistant still graded as a student must not grade themselves.
    if person.student.pk == actor.pk:
        raise PermissionDenied(_("You can't set your own score."))


@transaction.atomic
def score_override_set(
    *, assignment: Assignment, person: StudentParticipation, score: Decimal, reason: str, actor
) -> ScoreOverride:
    """Set the student's score by hand, between 0 and the points possible, with a reason."""
    ensure_rule(STAFF, actor, assignment.course)
    _ensure_someone_else(person, actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why: the student sees the reason beside their score."))
    if not Decimal(0) <= score <= person.points_possible:
        raise ValidationError(
            _("Enter a score from 0 to %(possible)s.")
            % {"possible": format_points(person.points_possible)}
        )
    before = format_points(person.score)
    override, _created = ScoreOverride.objects.update_or_create(
        assignment=assignment,
        student=person.student,
        defaults={"score": score, "reason": reason, "set_by": actor},
    )
    record(
        course=assignment.course,
        actor=actor,
        kind=ModerationAction.Kind.SCORE_OVERRIDE,
        subject=person.student,
        reason=reason,
        details_before=_describe(assignment, before),
        details_after=_describe(assignment, format_points(score)),
    )
    return override


@transaction.atomic
def score_override_clear(*, assignment: Assignment, person: StudentParticipation, actor) -> None:
    """Go back to the rubric's score."""
    ensure_rule(STAFF, actor, assignment.course)
    _ensure_someone_else(person, actor)
    if person.override is None:
        return
    ScoreOverride.objects.filter(pk=person.override.pk).delete()
    record(
        course=assignment.course,
        actor=actor,
        kind=ModerationAction.Kind.SCORE_OVERRIDE_CLEAR,
        subject=person.student,
        reason=person.override.reason,
        details_before=_describe(assignment, format_points(person.override.score)),
        details_after=_describe(assignment, format_points(person.rubric_score)),
    )


def _describe(assignment: Assignment, score: str) -> str:
    return f"{assignment.reading.title}: {score}"
