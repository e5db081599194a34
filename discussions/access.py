"""Who may see a comment, a prompt or a paragraph's discussion: each loader finds the
assignment, checks the person is a member of its course (a 404 otherwise) and that it is open
to them, then loads what they asked for as they may see it. AUTHOR is this app's own rule."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.access import AccessRule, refuse
from articles.models import Paragraph, ParagraphKind
from classroom.access import (
    STAFF,
    can_moderate,
    can_view,
    ensure_assignment_open,
    remember_membership,
)
from classroom.models import Assignment

from .audience import Audience, audience_for
from .models import Comment, Prompt, Suspension

AUTHOR = AccessRule("author", gettext_lazy("Only the author can change this comment."))
"""A comment's author, to edit or withdraw it; other members who can read it are told no, and
people who cannot read it get a 404 from `comment_for_member`."""


def may_read(user, assignment: Assignment) -> bool:
    """Whether this person may read the assignment's discussion now: a member of its course,
    and it is open (staff read it before it opens)."""
    if not can_view(user, assignment.course):
        return False
    return assignment.is_open(timezone.now()) or can_moderate(user, assignment.course)


def _member_assignment(user, assignments: QuerySet[Assignment], *, missing: str) -> Assignment:
    """The assignment `assignments` finds, if this person is a member of its course;
    `Http404(missing)` when there is none or they are not. Whether it is open is not checked.
    Whether they are suspended in the course comes in the same query, for posting to check
    (`known_not_suspended`)."""
    assignments = assignments.with_membership_of(user)
    if user.is_authenticated:
        in_force = Suspension.objects.active().filter(user=user, course=OuterRef("course_id"))
        assignments = assignments.annotate(suspended_now=Exists(in_force))
    # The filters name one assignment: sorting the row would only cost.
    assignment = next(iter(assignments.order_by()[:1]), None)
    if assignment is None:
        raise Http404(missing)
    remember_membership(user, assignment)
    if user.is_authenticated:
        assignment.course.__dict__.setdefault("_suspended", {})[user.pk] = assignment.suspended_now
    if not can_view(user, assignment.course):
        raise Http404(missing)
    return assignment


def known_not_suspended(user, course) -> bool:
    """Whether the loader that read this course for this person found no suspension of theirs
    in force (`_member_assignment`); False when it does not know."""
    return course.__dict__.get("_suspended", {}).get(user.pk) is False


def readable_assignment(user, assignments: QuerySet[Assignment], *, missing: str) -> Assignment:
    """As `_member_assignment`, and open to this person (see `ensure_assignment_open`)."""
    assignment = _member_assignment(user, assignments, missing=missing)
    ensure_assignment_open(user, assignment)
    return assignment


def _readable_comment(
    user, comment_id: int, comments: Callable[[Audience], QuerySet[Comment]]
) -> tuple[Comment, Audience]:
    """A comment this person may read, from `comments(audience)`, with the paragraph, prompt,
    parent and thread start a reply is placed by."""
    assignment = readable_assignment(
        user,
        Assignment.objects.with_reading().filter(comments__pk=comment_id),
        missing="No such comment.",
    )
    audience = audience_for(user, assignment)
    related = comments(audience).select_related("paragraph", "prompt", "parent", "thread_root")
    comment = next(iter(related.one(comment_id)), None)
    if comment is None:
        raise Http404("No such comment.")
    comment.assignment = assignment
    if comment.paragraph_id is not None:
        # Its paragraph is in the assignment's reading, already loaded: following the
        # paragraph to its current wording asks no more.
        comment.paragraph.reading = assignment.reading
    return comment, audience


def comment_for_member(user, comment_id: int) -> tuple[Comment, Audience]:
    """A comment this person may read (post-first, groups...), named as they may see it."""
    comment, audience = _readable_comment(user, comment_id, Comment.objects.for_audience)
    audience.present([comment])
    return comment, audience


def comment_to_answer(user, comment_id: int) -> tuple[Comment, Audience]:
    """A comment this person may read, as `comment_for_member` finds it, to post a reply
    under: without what only showing it takes (names, helpful marks, lateness)."""
    return _readable_comment(user, comment_id, Comment.objects.visible_to)


def comment_for_staff(user, comment_id: int) -> tuple[Comment, Audience]:
    """As `comment_for_member`, for the course's staff only: other members get the STAFF
    rule's refusal."""
    comment, audience = comment_for_member(user, comment_id)
    if not audience.is_staff:
        refuse(STAFF)
    return comment, audience


def prompt_for_member(user, prompt_id: int) -> tuple[Prompt, Audience]:
    """A standing prompt this person may read; a withdrawn one is a 404 to everyone."""
    prompt = (
        Prompt.objects.select_related("paragraph")
        .filter(pk=prompt_id, withdrawn_at__isnull=True)
        .first()
    )
    if prompt is None:
        raise Http404("No such prompt.")
    assignment = readable_assignment(
        user,
        Assignment.objects.with_reading().filter(pk=prompt.assignment_id),
        missing="No such prompt.",
    )
    prompt.assignment = assignment
    return prompt, audience_for(user, assignment)


def prompt_for_staff(user, prompt_id: int) -> tuple[Prompt, Audience]:
    """As `prompt_for_member`, for the course's staff only: other members get the STAFF
    rule's refusal."""
    prompt, audience = prompt_for_member(user, prompt_id)
    if not audience.is_staff:
        refuse(STAFF)
    return prompt, audience


def paragraph_for_member(
    user, slug: str, assignment_id: int, paragraph_id: int
) -> tuple[Assignment, Paragraph]:
    assignment = readable_assignment(
        user,
        Assignment.objects.with_reading().filter(course__slug=slug, pk=assignment_id),
        missing="No such assignment.",
    )
    # Headings are part of the text but have no discussion of their own.
    paragraph = get_object_or_404(
        Paragraph.objects.exclude(kind=ParagraphKind.HEADING),
        pk=paragraph_id,
        version_id=assignment.reading.current_version_id,
    )
    paragraph.reading = assignment.reading
    return assignment, paragraph


def discussion_changes_for_member(
    user, slug: str, assignment_id: int, paragraph_id: int, *, since
) -> tuple[Assignment, bool]:
    """A paragraph's discussion this person may read (as `paragraph_for_member`), and whether
    any comment in it may have changed since `since`, found in the same query so that asking
    when nothing happened stays cheap; `last_change` on the assignment is when its newest
    comment change was (`live.remember_last_change`). The answer may be yes for changes the
    person may not see (the caller filters through `Audience`), never no when there is
    something."""
    current = Paragraph.objects.filter(
        pk=paragraph_id, version_id=OuterRef("reading__current_version_id")
    )
    # Comments on this paragraph, or on an earlier wording of any paragraph.
    changed = Comment.objects.filter(assignment=OuterRef("pk"), changed_at__gt=since).filter(
        Q(paragraph_id=paragraph_id) | Q(paragraph__successor__isnull=False)
    )
    newest = Comment.objects.filter(assignment=OuterRef("pk")).order_by("-changed_at")
    assignment = readable_assignment(
        user,
        Assignment.objects.with_reading()
        .filter(course__slug=slug, pk=assignment_id)
        .annotate(
            paragraph_is_current=Exists(current),
            has_changes=Exists(changed),
            last_change=Subquery(newest.values("changed_at")[:1]),
        ),
        missing="No such assignment.",
    )
    if not assignment.paragraph_is_current:
        raise Http404("No such paragraph.")
    return assignment, assignment.has_changes


def comment_history_for(user, comment_id: int) -> tuple[Comment, bool]:
    """The comment and whether the person sees it as staff. Staff of its course see every
    comment's history; its author sees their own; anyone else who can read it gets the STAFF
    rule's refusal (the view's declared rule, with the author as its one exception)."""
    assignment = _member_assignment(
        user,
        Assignment.objects.with_reading().filter(comments__pk=comment_id),
        missing="No such comment.",
    )
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=comment_id)
    comment.assignment = assignment
    if can_moderate(user, assignment.course):
        return comment, True
    if comment.author_id == user.pk:
        return comment, False
    comment_for_member(user, comment_id)  # a 404 for a comment this person cannot read
    refuse(STAFF)


def ensure_can_change(comment: Comment, user) -> None:
    """Only the author edits or withdraws a comment, and only while it stands."""
    if comment.author_id != user.pk:
        refuse(AUTHOR)
    if comment.is_withdrawn:
        raise ValidationError(_("This comment was withdrawn and can no longer be changed."))
