"""Reads for the roster page."""

from django.db.models import QuerySet

from classroom import contributions
from classroom.models import Course


def roster_memberships(course: Course) -> QuerySet:
    """Everyone who is or was in the course, with how many comments each wrote in it."""
    return course.memberships.select_related("user", "group").annotate(
        comment_count=contributions.comment_count(course)
    )
