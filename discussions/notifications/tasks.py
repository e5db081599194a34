"""Background tasks, run by `manage.py db_worker` (`make worker`) from the database queue, and
announcing an assignment now or when it opens."""

from django.tasks import task
from django.utils import timezone

from classroom.models import Assignment
from discussions.models import Comment, Status

from . import digests
from .assignments import assignment_announce
from .replies_and_mentions import comment_published


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


@task
def tell_of_comment(comment_id: int) -> int:
    """Enqueued when a comment becomes visible (posted, edited, approved): notices to the
    person it answers and the people it mentions; returns how many were written."""
    comment = (
        Comment.objects.select_related("assignment__reading", "parent", "reply_to")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    return len(comment_published(comment))


def comment_published_later(comment: Comment) -> None:
    """Have the worker tell whoever a visible comment answers or mentions, so posting costs
    one insert however many people hear of it. Queued in the comment's own transaction: the
    database queue commits the task with the comment or not at all, and the worker cannot
    pick it up before the comment is there to read. The task checks again that the comment
    still stands."""
    if comment.status == Status.VISIBLE:
        tell_of_comment.enqueue(comment.pk)
