"""Sending grades is the worker's job: an LMS that is slow or down gets the scores later, after
a growing wait, rather than holding up a teacher's page."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from classroom.models import Assignment, User
from discussions.models import GradeSend

from .grade_passback import GradesNotLinked, grades_send

ATTEMPTS = 5
FIRST_WAIT = timedelta(seconds=30)


@task
def send_grades(
    assignment_id: int,
    requested_by_id: int | None = None,
    student_ids: list[int] | None = None,
    attempt: int = 1,
) -> int:
    """Send the assignment's scores; returns how many the LMS accepted. Students the LMS did
    not answer for are tried again, up to ATTEMPTS times, waiting twice as long each time."""
    assignment = Assignment.objects.with_reading().filter(pk=assignment_id).first()
    if assignment is None:
        return 0
    requested_by = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    try:
        delivery = grades_send(
            assignment=assignment,
            requested_by=requested_by,
            student_ids=student_ids,
            attempt=attempt,
        )
    except GradesNotLinked:
        return 0
    if delivery.retry_student_ids:
        if attempt < ATTEMPTS:
            wait = FIRST_WAIT * 2 ** (attempt - 1)
            send_grades.using(run_after=timezone.now() + wait).enqueue(
                assignment_id, requested_by_id, delivery.retry_student_ids, attempt + 1
            )
        else:
            GradeSend.objects.filter(
                pk__in=[
                    row.pk for row in delivery.rows if row.student_id in delivery.retry_student_ids
                ]
            ).update(outcome=GradeSend.Outcome.FAILED)
    return sum(row.outcome == GradeSend.Outcome.SENT for row in delivery.rows)
