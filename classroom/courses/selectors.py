"""Reads for the course page (each assignment with where it stands for the person looking)
and for an invitation (the course a join link opens and who teaches it)."""

from django.utils import timezone

from classroom import contributions
from classroom.models import Assignment, Course, Membership, Role, normalize_join_code


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


def course_by_join_code(join_code: str) -> Course | None:
    """The course a join code or join link opens, however the code was typed."""
    return Course.objects.filter(join_code=normalize_join_code(join_code)).first()


def instructor_names(course: Course) -> list[str]:
    """The course's instructors as students will know them, for an invitation to name."""
    instructors = course.memberships.active().filter(role=Role.INSTRUCTOR).select_related("user")
    return [membership.user.public_name for membership in instructors.order_by("joined_at")]
