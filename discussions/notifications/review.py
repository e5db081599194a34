"""Telling a course's staff that something waits for them: a comment flagged, or a post or an
edit held for review. One notice per comment while the last one is unread, never to whoever
caused it or to the comment's author; it links to the course's review queue."""

from collections.abc import Callable

from django.urls import reverse

from classroom.models import STAFF_ROLES, User
from discussions.models import Comment, Notice

from .language import in_language_of


def staff_told_of_review(*, comment: Comment, actor, write: Callable[[], str]) -> list[Notice]:
    """A notice to each instructor and TA of the comment's course, in words `write()` gives
    in their language."""
    course = comment.assignment.course
    waiting = Notice.objects.unread().filter(comment=comment, kind=Notice.Kind.REVIEW)
    staff = (
        User.objects.filter(
            memberships__course=course,
            memberships__role__in=STAFF_ROLES,
            memberships__removed_at__isnull=True,
        )
        .exclude(pk__in={actor.pk, comment.author_id} - {None})
        .exclude(pk__in=waiting.values("user_id"))
        .only("pk", "language")
    )
    url = reverse("discussions:moderation_queue", args=[course.slug])
    notices = []
    for person in staff:
        with in_language_of(person):
            text = write()
        notices.append(
            Notice(user=person, kind=Notice.Kind.REVIEW, text=text, url=url, comment=comment)
        )
    return Notice.objects.bulk_create(notices)


def where(comment: Comment) -> dict:
    """The reading and course a review notice names (never the comment's words)."""
    return {"reading": comment.assignment.reading.title, "course": comment.assignment.course.title}
