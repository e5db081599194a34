"""The class's participation as a spreadsheet: one row per graded member, one column per
criterion the rubric scores."""

from django.utils.translation import gettext as _

from classroom.models import Assignment
from classroom.spreadsheets import spreadsheet_safe
from discussions.models import ParticipationRubric

from .scores import StudentParticipation, format_points


def role_in_words(*, is_teaching_assistant: bool) -> str:
    return _("Teaching assistant, graded as a student") if is_teaching_assistant else _("Student")


def csv_header(assignment: Assignment, rubric: ParticipationRubric) -> list[str]:
    pseudonym = [_("Pseudonym (seen by classmates)")] if assignment.anonymous else []
    criteria = [str(criterion.label) for criterion in rubric.scored_criteria]
    return [
        _("Name"),
        _("Username"),
        _("Role"),
        *pseudonym,
        *criteria,
        _("Late posts"),
        _("Too short to count"),
        _("Score"),
        _("Rubric's score"),
        _("Why the score was set by hand"),
        _("Points possible"),
    ]


def csv_row(
    assignment: Assignment, rubric: ParticipationRubric, person: StudentParticipation
) -> list[str]:
    pseudonym = [person.pseudonym] if assignment.anonymous else []
    cells = [
        person.student.public_name,
        person.student.username,
        role_in_words(is_teaching_assistant=person.is_teaching_assistant),
        *pseudonym,
        *(person.criterion(criterion).count for criterion in rubric.scored_criteria),
        person.late_posts,
        len(person.too_short),
        format_points(person.score),
        format_points(person.rubric_score),
        person.override.reason if person.override else "",
        format_points(person.points_possible),
    ]
    return [spreadsheet_safe(cell) for cell in cells]
