"""How discussions answers what classroom sends; connected in DiscussionsConfig.ready()."""

from django.dispatch import receiver

from classroom.signals import assignment_saved
from discussions.notifications import assignment_announce_when_open


@receiver(assignment_saved, dispatch_uid="discussions.announce_assignment")
def announce_assignment(*, assignment, created: bool, opening_moved: bool, **kwargs) -> None:
    # The course hears about it when it opens: now, or later from the worker.
    if created or opening_moved:
        assignment_announce_when_open(assignment)
