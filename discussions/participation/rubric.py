"""An assignment's participation rubric: the one it has, or the defaults, and changing it."""

from django.db import transaction

from classroom.access import STAFF, ensure_rule
from classroom.models import Assignment
from discussions.audit.trail import record
from discussions.models import ModerationAction, ParticipationRubric


def rubric_for(assignment: Assignment) -> ParticipationRubric:
    """The assignment's rubric, or the default one (unsaved) when staff never set one."""
    rubric = ParticipationRubric.objects.filter(assignment=assignment).first()
    return rubric or ParticipationRubric(assignment=assignment)


@transaction.atomic
def rubric_update(*, assignment: Assignment, editor, values: dict) -> ParticipationRubric:
    """Save new weights, caps and points possible; refuses (ValidationError) negative ones."""
    ensure_rule(STAFF, editor, assignment.course)
    rubric = rubric_for(assignment)
    before = _described(rubric, values)
    for name, value in values.items():
        setattr(rubric, name, value)
    rubric.updated_by = editor
    rubric.full_clean()
    rubric.save()
    after = _described(rubric, values)
    if after != before:
        record(
            course=assignment.course,
            actor=editor,
            kind=ModerationAction.Kind.RUBRIC_EDIT,
            details_before=before,
            details_after=after,
        )
    return rubric


def _described(rubric: ParticipationRubric, values: dict) -> str:
    return "\n".join(f"{name}: {getattr(rubric, name)}" for name in sorted(values))
