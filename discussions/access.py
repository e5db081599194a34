"""Who may see a comment or a paragraph's discussion."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.models import Paragraph
from classroom.access import assignment_for_member, can_view
from classroom.models import Assignment

from .models import Comment


def comment_for_member(user, comment_id: int) -> Comment:
    comment = (
        Comment.objects.select_related(
            "assignment__course", "assignment__reading", "paragraph", "author"
        )
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or not can_view(user, comment.assignment.course):
        raise Http404("No such comment.")
    return comment


def paragraph_for_member(
    user, slug: str, assignment_id: int, paragraph_id: int
) -> tuple[Assignment, Paragraph]:
    assignment = assignment_for_member(user, slug, assignment_id)
    paragraph = get_object_or_404(
        Paragraph, pk=paragraph_id, version_id=assignment.reading.current_version_id
    )
    return assignment, paragraph


def ensure_can_change(comment: Comment, user) -> None:
    """Only the author edits or withdraws a comment, and only while it stands."""
    if comment.author_id != user.pk:
        raise PermissionDenied("Only the author can change this comment.")
    if comment.is_withdrawn:
        raise ValidationError("This comment was withdrawn and can no longer be changed.")
