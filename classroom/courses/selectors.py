"""Reads for the course page: each assignment with where it stands for the person looking."""

from django.utils import timezone

from classroom import contributions
from classroom.models import Assignment, Course, Membership


def course_assignments(course: Course, user, students: list[Membership]) -> list[Assignment]:
    """The course's assignments, newest first, each marked open or closed, whether `user` has
    commented, and which of `students` have (staff pass the students; others pass [])."""
    now = timezone.now()
    assignments = list(course.assignments.with_reading().order_by("-created_at"))
    commenters = contributions.commenters(course)
    for assignment in assignments:
        assignment.opened = assignment.is_open(now)
        assignment.closed = assignment.is_locked(now)
        assignment.has_commented = (assignment.pk, user.pk) in commenters
        assignment.student_status = [
            (membership.user, (assignment.pk, membership.user_id) in commenters)
            for membership in students
        ]
        assignment.commented_count = sum(done for _, done in assignment.student_status)
    return assignments
