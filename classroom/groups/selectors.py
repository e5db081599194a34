"""Reads for the groups page."""

from django.db.models import Prefetch, Q

from classroom import contributions
from classroom.models import Course, Group, Membership


def groups_with_students(course: Course) -> list[Group]:
    """The course's groups, each with its students and whether it has discussed."""
    return list(
        course.groups.annotate(
            has_discussed=Q(pk__in=contributions.groups_with_comments(course))
        ).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.students(), to_attr="students")
        )
    )


def course_students(course: Course) -> list[Membership]:
    return list(Membership.objects.students().filter(course=course))
