"""How discussions answers what classroom sends and asks; connected in DiscussionsConfig.ready()."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from classroom import contributions
from classroom.signals import assignment_saved
from discussions.models import Comment
from discussions.notifications import assignment_announce_when_open


@receiver(assignment_saved, dispatch_uid="discussions.announce_assignment")
def announce_assignment(*, assignment, created: bool, opening_moved: bool, **kwargs) -> None:
    # The course hears about it when it opens: now, or later from the worker.
    if created or opening_moved:
        assignment_announce_when_open(assignment)


def commenters(course) -> set[tuple[int, int]]:
    comments = Comment.objects.filter(assignment__course=course).standing()
    return set(comments.values_list("assignment_id", "author_id"))


def assignment_has_comments(assignment) -> bool:
    return Comment.objects.filter(assignment=assignment).exists()


def groups_with_comments(course):
    return Comment.objects.filter(group__course=course).values("group_id")


def comment_count(course):
    """Every comment the membership's person wrote in the course, whatever its status."""
    written = (
        Comment.objects.filter(author=OuterRef("user_id"), assignment__course=course)
        .order_by()
        .values("author")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(written), 0)


contributions.register(
    contributions.Answers(
        commenters=commenters,
        assignment_has_comments=assignment_has_comments,
        groups_with_comments=groups_with_comments,
        comment_count=comment_count,
    )
)
