"""An assignment's participation rubric: the one it has, or the defaults, and changing it."""

from django.db import transaction

from classroom.access import STAFF, ensure_rule
from classroom.models import Assignment
from discussions.models import ParticipationRubric


def rubric_for(assignment: Assignment) -> ParticipationRubric:
    """The assignment's rubric, or the default one (unsaved) when staff never set one."""
    rubric = ParticipationRubric.objects.filter(assignment=assignment).first()
    return rubric or ParticipationRubric(assignment=assignment)


@transaction.atomic
def rubric_update(*, assignment: Assignment, editor, values: dict) -> ParticipationRubric:
    """Save new weights, caps and points possible; refuses (ValidationError) negative ones."""
    ensure_rule(STAFF, editor, assignment.course)
    rubric = rubric_for(assignment)
    for name, value in values.items():
        setattr(rubric, name, value)
    rubric.updated_by = editor
    rubric.full_clean()
    rubric.save()
    return rubric
