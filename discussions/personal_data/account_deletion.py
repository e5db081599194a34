"""What deleting an account does to what the person wrote: every comment becomes a tombstone
under the same rules as an erasure, logged in each course's audit trail. Runs inside the
deleting transaction, on classroom's `account_deleting` signal."""

from django.db import transaction

from articles.rendering import render_markdown
from discussions.audit.trail import record
from discussions.models import Comment, CommentRevision, ModerationAction, Status

DELETED = "[This comment's author deleted their account.]"


@transaction.atomic
def comments_of_deleted_account(*, user) -> int:
    """Erase every comment `user` wrote (and its earlier wordings); returns how many. Comments
    still waiting for review are withdrawn: nobody is left to approve them for."""
    comments = list(Comment.objects.filter(author=user).select_related("assignment__course"))
    deleted_html = render_markdown(DELETED)
    for comment in comments:
        before = comment.status
        comment.body, comment.body_html = DELETED, deleted_html
        comment.pending_body = comment.pending_body_html = ""
        if comment.status == Status.PENDING:
            comment.status = Status.WITHDRAWN
        comment.save(
            update_fields=["body", "body_html", "pending_body", "pending_body_html", "status"]
        )
        record(
            course=comment.assignment.course,
            comment=comment,
            actor=user,
            kind=ModerationAction.Kind.ERASE,
            reason="The author deleted their account.",
            before=before,
            after=comment.status,
        )
    CommentRevision.objects.filter(comment__author=user).update(body=DELETED)
    return len(comments)
