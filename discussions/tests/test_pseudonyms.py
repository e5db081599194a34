"""Pseudonyms never repeat within a course, so no one is mistaken for someone else."""

import pytest

from classroom.models import Role
from discussions.pseudonyms import pseudonym_for
from tests.factories import AssignmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_no_name_is_used_twice_in_a_course_even_across_assignments():
    first = AssignmentFactory(anonymous=True)
    second = AssignmentFactory(course=first.course, anonymous=True)
    students = [MembershipFactory(course=first.course, role=Role.STUDENT).user for _ in range(40)]
    names = [
        pseudonym_for(assignment=assignment, user=student)
        for assignment in (first, second)
        for student in students
    ]
    assert len(set(names)) == len(names) == 80
    # Stable: asking again gives the same name.
    assert pseudonym_for(assignment=first, user=students[0]) == names[0]
