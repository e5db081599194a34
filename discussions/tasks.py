"""Background tasks, run by `manage.py db_worker` (`make worker`) from the database queue."""

from django.tasks import task

from classroom.models import Assignment

from . import digests
from .notifications import assignment_announce


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
