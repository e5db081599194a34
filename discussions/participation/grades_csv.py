"""The class's participation as a spreadsheet: one row per student, one column per criterion."""

from django.utils.translation import gettext as _

from classroom.models import Assignment
from discussions.exports import spreadsheet_safe
from discussions.models import Criterion

from .scores import StudentParticipation, format_points


def csv_header(assignment: Assignment) -> list[str]:
    pseudonym = [_("Pseudonym (seen by classmates)")] if assignment.anonymous else []
    criteria = [str(criterion.label) for criterion in Criterion]
    return [
        _("Name"),
        _("Username"),
        *pseudonym,
        *criteria,
        _("Late posts"),
        _("Score"),
        _("Points possible"),
    ]


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
