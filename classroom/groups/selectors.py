"""Reads for the groups page."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

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


def group_in(course: Course, group_id: int) -> Group:
    """One of the course's groups, or 404."""
    return get_object_or_404(Group.objects.select_related("course"), pk=group_id, course=course)


def membership_in(course: Course, membership_id: int) -> Membership:
    """One of the course's memberships with its user, or 404."""
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, course=course
    )
