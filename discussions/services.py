"""Writes for comments. Comments are never deleted: every change leaves a row behind."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Paragraph
from classroom.models import Assignment

from .access import ensure_can_change
from .models import MAX_DEPTH, Comment, CommentRevision, ModerationAction, Status
from .rendering import clean_text, render_markdown


def _clean_body(body: str) -> str:
    body = clean_text(body).strip()
    if not body:
        raise ValidationError("Write something before posting.")
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            f"Comments can be at most {settings.COMMENT_MAX_LENGTH:,} characters "
            f"(this one has {len(body):,}). Split it into a few replies."
        )
    return body


@transaction.atomic
def comment_create(
    *,
    author,
    assignment: Assignment,
    paragraph: Paragraph,
    body: str,
    parent: Comment | None = None,
) -> Comment:
    body = _clean_body(body)
    if paragraph.reading_id != assignment.reading_id:
        raise ValidationError("That paragraph is not part of this assignment's reading.")
    # Comments always attach to the current text; a reply follows its thread's paragraph.
    current = paragraph.current()
    if current is None:
        raise ValidationError(
            "This passage was removed from the reading; its discussion is closed."
        )
    paragraph = current
    reply_to = None
    depth = 0
    thread_root = None
    if parent is not None:
        if parent.assignment_id != assignment.pk or parent.paragraph.current() != paragraph:
            raise ValidationError("You can only reply within the same discussion.")
        if parent.is_withdrawn:
            raise ValidationError("That comment was withdrawn, so it can't take new replies.")
        thread_root = parent.thread_root or parent
        if parent.depth + 1 >= MAX_DEPTH:
            # Too deep to nest further: sit beside the comment answered and name its author.
            reply_to = parent
            parent = parent.parent
        depth = parent.depth + 1
    comment = Comment.objects.create(
        assignment=assignment,
        paragraph=paragraph,
        author=author,
        parent=parent,
        reply_to=reply_to,
        thread_root=thread_root,
        depth=depth,
        body=body,
        body_html=render_markdown(body),
    )
    if thread_root is None:
        comment.thread_root = comment
        comment.save(update_fields=["thread_root"])
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, editor, body: str) -> Comment:
    ensure_can_change(comment, editor)
    body = _clean_body(body)
    if body == comment.body:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body, edited_by=editor)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, author) -> Comment:
    """The author takes a comment back; its text stays for staff and its replies stay put."""
    ensure_can_change(comment, author)
    ModerationAction.objects.create(
        comment=comment,
        actor=author,
        kind=ModerationAction.Kind.WITHDRAW,
        from_status=comment.status,
        to_status=Status.WITHDRAWN,
    )
    comment.status = Status.WITHDRAWN
    comment.save(update_fields=["status"])
    return comment
