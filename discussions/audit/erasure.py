"""Erasing a comment's text at its author's request, by a site admin, with a reason for the
audit trail."""

from django.db import transaction

from articles.access import SITE_ADMIN, refuse
from articles.rendering import render_markdown
from discussions.models import Comment, CommentRevision, ModerationAction
from discussions.moderation.decisions import reason_required

from .trail import record

Kind = ModerationAction.Kind
ERASED = "[This text was erased at the author's request.]"


@transaction.atomic
def comment_erase(*, comment: Comment, admin, reason: str) -> Comment:
    """A site admin's data-erasure request: the text (and its earlier wordings) becomes a
    tombstone. The rows stay, so threads and the audit trail stay whole."""
    if not admin.is_site_admin:
        refuse(SITE_ADMIN)
    reason = reason_required(reason)
    comment.body = ERASED
    comment.body_html = render_markdown(ERASED)
    if comment.pending_body:
        comment.pending_body, comment.pending_body_html = comment.body, comment.body_html
    comment.save(update_fields=["body", "body_html", "pending_body", "pending_body_html"])
    CommentRevision.objects.filter(comment=comment).update(body=ERASED)
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=admin,
        kind=Kind.ERASE,
        reason=reason,
        before=comment.status,
        after=comment.status,
    )
    return comment
