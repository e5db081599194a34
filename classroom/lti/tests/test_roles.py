"""LIS roles to course roles: full URIs and the short names LTI 1.3 still allows."""

import pytest

from classroom.lti.roles import LIS, course_role
from classroom.models import Role


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([LIS + "membership#Instructor"], Role.INSTRUCTOR),
        (["Instructor"], Role.INSTRUCTOR),
        ([LIS + "membership#Administrator"], Role.INSTRUCTOR),
        ([LIS + "institution/person#Administrator"], Role.INSTRUCTOR),
        ([LIS + "system/person#Administrator"], Role.INSTRUCTOR),
        ([LIS + "membership#TeachingAssistant"], Role.TA),
        (["TeachingAssistant"], Role.TA),
        (
            [LIS + "membership#Instructor", LIS + "membership/Instructor#TeachingAssistant"],
            Role.TA,
        ),
        ([LIS + "membership#Learner"], Role.STUDENT),
        (["Learner"], Role.STUDENT),
        ([LIS + "membership#Mentor", LIS + "institution/person#Faculty"], Role.STUDENT),
        ([], Role.STUDENT),
    ],
)
def test_course_role(roles, expected):
    assert course_role(roles) == expected
