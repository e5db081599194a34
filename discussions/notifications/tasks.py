"""Background tasks, run by `manage.py db_worker` (`make worker`) from the database queue, and
announcing an assignment now or when it opens."""

from django.tasks import task
from django.utils import timezone

from classroom.models import Assignment

from . import digests
from .assignments import assignment_announce


@task
def announce_assignment(assignment_id: int) -> int:
    """Enqueued to run when an assignment opens; returns how many people were told."""
    assignment = Assignment.objects.with_reading().filter(pk=assignment_id).first()
    if assignment is None:
        return 0
    return len(assignment_announce(assignment))


@task
def send_daily_digests() -> int:
    """Enqueued once a day (`manage.py send_daily_digests`); returns how many e-mails went."""
    return digests.send_digests()


def assignment_announce_when_open(assignment: Assignment) -> None:
    """Announce an open assignment now, or have the worker announce it when it opens."""
    if assignment.is_open(timezone.now()):
        assignment_announce(assignment)
        return
    # If the opening moves, the earlier run finds it not open yet and does nothing.
    announce_assignment.using(run_after=assignment.opens_at).enqueue(assignment.pk)
