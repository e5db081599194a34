"""What waits for a moderator: comments held for review and comments with open flags."""

from django.db.models import Case, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, Greatest

from classroom.models import Course, Membership, Role
from discussions.models import Comment, Flag, Status


def _open_flags() -> QuerySet:
    return Flag.objects.filter(resolved_at__isnull=True)


def waiting(course: Course | None = None) -> QuerySet:
    """Pending or flagged comments, and visible ones with an edit waiting for review, of one
    course (or of every course, for site admins)."""
    comments = Comment.objects.all()
    if course is not None:
        comments = comments.filter(assignment__course=course)
    flagged = Exists(_open_flags().filter(comment=OuterRef("pk")))
    edited = Q(status=Status.VISIBLE) & ~Q(pending_body="")
    return comments.filter(Q(status=Status.PENDING) | flagged | edited)


def waiting_count(course: Course | None = None) -> int:
    return waiting(course).count()


def with_context(comments: QuerySet) -> QuerySet:
    """Everything a queue item shows, in a fixed number of queries; `author_membership_id`
    is set when the author is a student of the course (so can be suspended)."""
    student = Membership.objects.active().filter(
        course_id=OuterRef("assignment__course_id"),
        user_id=OuterRef("author_id"),
        role=Role.STUDENT,
    )
    return (
        comments.annotate(author_membership_id=Subquery(student.values("pk")[:1]))
        .select_related(
            "author",
            "paragraph",
            "prompt",
            "parent__author",
            "thread_root",
            "assignment__course",
            "assignment__reading",
        )
        .prefetch_related(
            Prefetch("flags", queryset=_open_flags().order_by("created_at"), to_attr="open_flags")
        )
    )


def queue(course: Course | None = None) -> QuerySet:
    """Newest first by the last thing that happened: posted, edited, flagged or an edit
    submitted for review."""
    last_flag = Max("flags__created_at", filter=Q(flags__resolved_at__isnull=True))
    edit_submitted = Case(When(~Q(pending_body=""), then=F("changed_at")))
    return with_context(
        waiting(course)
        .annotate(
            last_activity=Greatest(
                F("created_at"),
                Coalesce(F("edited_at"), F("created_at")),
                Coalesce(last_flag, F("created_at")),
                Coalesce(edit_submitted, F("created_at")),
            )
        )
        .order_by("-last_activity", "-pk")
    )


def queue_item(comment_id: int) -> Comment:
    return with_context(Comment.objects.filter(pk=comment_id)).get()
