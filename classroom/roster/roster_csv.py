"""The roster as a CSV: everyone who is or was in the course, one row each, in columns a class
list import reads back (name, e-mail, role, group) followed by the rest of the roster."""

import zoneinfo
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import Course
from classroom.spreadsheets import spreadsheet_safe

from .class_list import COLUMN_HEADINGS, Column


def rows(course: Course) -> Iterator[list[str]]:
    """The header, then each membership; every cell safe to open in a spreadsheet (names and
    group names are typed by people)."""
    header = [
        *(str(COLUMN_HEADINGS[column]) for column in Column),
        _("Student ID"),
        _("Joined"),
        _("Status"),
    ]
    yield [spreadsheet_safe(cell) for cell in header]
    zone = zoneinfo.ZoneInfo(course.time_zone)
    for membership in course.memberships.select_related("user", "group"):
        cells = [
            membership.user.public_name,
            membership.user.email,
            membership.get_role_display(),
            membership.group.name if membership.group else "",
            membership.student_number,
            timezone.localtime(membership.joined_at, zone).date().isoformat(),
            _("removed") if membership.removed_at else _("active"),
        ]
        yield [spreadsheet_safe(cell) for cell in cells]
