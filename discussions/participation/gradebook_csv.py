"""The course gradebook as a CSV a school gradebook imports: one row per graded member with
e-mail and student ID, one column per assignment with its points possible, then the total."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from classroom.spreadsheets import spreadsheet_safe

from .grades_csv import role_in_words
from .scores import Gradebook, GradebookRow, format_points


def _notes(row: GradebookRow) -> str:
    """What a plain number hides: a teaching assistant graded as a student, scores set by
    hand (with the rubric's score and the reason)."""
    notes = []
    if row.is_teaching_assistant:
        notes.append(role_in_words(is_teaching_assistant=True))
    for column, record in row.cells:
        if record.override:
            notes.append(
                _("%(title)s: set by hand to %(score)s (rubric: %(rubric)s), %(reason)s")
                % {
                    "title": column.assignment.reading.title,
                    "score": format_points(record.score),
                    "rubric": format_points(record.rubric_score),
                    "reason": record.override.reason,
                }
            )
    return "; ".join(notes)


def rows(gradebook: Gradebook) -> Iterator[list[str]]:
    """The header, then one row per graded member; every cell safe to open in a spreadsheet
    (reading titles are written by teachers, names by students)."""
    header = [
        _("Name"),
        _("E-mail"),
        _("Student ID"),
        _("Username"),
        *(
            f"{column.label} ({format_points(column.points_possible)})"
            for column in gradebook.columns
        ),
        _("Total (%(possible)s)") % {"possible": format_points(gradebook.points_possible)},
        _("Notes"),
    ]
    yield [spreadsheet_safe(cell) for cell in header]
    for row in gradebook.rows:
        cells = [
            row.student.public_name,
            row.student.email,
            row.membership.student_number,
            row.student.username,
            *(format_points(record.score) for record in row.records),
            format_points(row.total),
            _notes(row),
        ]
        yield [spreadsheet_safe(cell) for cell in cells]
