"""An assignment's participation rubric: the one it has, or the defaults, and changing it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from classroom.access import can_moderate
from classroom.models import Assignment
from discussions.models import ParticipationRubric


def rubric_for(assignment: Assignment) -> ParticipationRubric:
    """The assignment's rubric, or the default one (unsaved) when staff never set one."""
    rubric = ParticipationRubric.objects.filter(assignment=assignment).first()
    return rubric or ParticipationRubric(assignment=assignment)


@transaction.atomic
def rubric_update(*, assignment: Assignment, editor, values: dict) -> ParticipationRubric:
    """Save new weights, caps and points possible; refuses (ValidationError) negative ones."""
    if not can_moderate(editor, assignment.course):
        raise PermissionDenied(_("Only instructors and teaching assistants can change the rubric."))
    rubric = rubric_for(assignment)
    for name, value in values.items():
        setattr(rubric, name, value)
    rubric.updated_by = editor
    rubric.full_clean()
    rubric.save()
    return rubric
