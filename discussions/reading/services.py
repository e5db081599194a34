"""Writes for comments and prompts. Comments are never deleted: every change leaves a row
behind."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Paragraph
from articles.rendering import clean_comment_text, render_markdown
from classroom.access import STAFF, ensure_assignment_open, ensure_rule, membership_for
from classroom.models import STAFF_ROLES, Assignment
from discussions.access import ensure_can_change
from discussions.audit.trail import record
from discussions.models import (
    MAX_DEPTH,
    Comment,
    CommentRevision,
    Kind,
    ModerationAction,
    Prompt,
    Reaction,
    Status,
)
from discussions.moderation.decisions import (
    author_resubmit,
    edit_hold,
    hold_for_review,
    set_aside_waiting_edit,
)
from discussions.moderation.posting_rules import (
    ensure_may_post,
    ensure_not_suspended,
    premoderation_reason,
    screen_text,
)
from discussions.notifications.tasks import comment_published_later
from discussions.pseudonyms import pseudonym_for

from .phrases import Phrase, phrase_in

CLOSED_TO_REPLIES = {
    Status.WITHDRAWN: gettext_lazy("That comment was withdrawn, so it can't take new replies."),
    Status.HIDDEN: gettext_lazy("A moderator hid that comment, so it can't take new replies."),
    Status.PENDING: gettext_lazy(
        "That comment is waiting for review; you can reply once it is approved."
    ),
}


def _clean_body(body: str) -> str:
    body = clean_comment_text(body).strip()
    if not body:
        raise ValidationError(_("Write something before posting."))
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            _(
                "Comments can be at most %(limit)s characters (this one has %(length)s). "
                "Split it into a few replies."
            )
            % {
                "limit": number_format(settings.COMMENT_MAX_LENGTH, force_grouping=True),
                "length": number_format(len(body), force_grouping=True),
            }
        )
    return body


def ensure_discussion_open(*, assignment: Assignment, user) -> None:
    """Students may post only between opening and locking; nobody posts once it is locked."""
    if assignment.is_locked(timezone.now()):
        raise PermissionDenied(_("This discussion is closed: it is read-only now."))
    ensure_assignment_open(user, assignment)


def _current_paragraph(paragraph: Paragraph | None) -> Paragraph | None:
    """Comments attach to the current text; a removed passage's discussion is closed."""
    if paragraph is None:
        return None
    current = paragraph.current()
    if current is None:
        raise ValidationError(
            _("This passage was removed from the reading; its discussion is closed.")
        )
    return current


def _discussed_paragraph(paragraph: Paragraph) -> Paragraph:
    """A new thread or prompt goes on a current paragraph; headings are not discussed."""
    current = _current_paragraph(paragraph)
    if current.is_heading:
        raise ValidationError(_("Headings are not discussed: choose a paragraph."))
    return current


@dataclass
class Placement:
    """Where a new comment sits: what it discusses and its place in a thread."""

    paragraph: Paragraph | None
    prompt: Prompt | None
    parent: Comment | None = None
    reply_to: Comment | None = None
    thread_root: Comment | None = None
    depth: int = 0


def _reply_placement(assignment: Assignment, parent: Comment) -> Placement:
    if parent.assignment_id != assignment.pk:
        raise ValidationError(_("You can only reply within the same discussion."))
    if parent.status != Status.VISIBLE:
        raise ValidationError(CLOSED_TO_REPLIES[parent.status])
    if (parent.thread_root or parent).thread_locked:
        raise ValidationError(_("A moderator locked this thread: it takes no new replies."))
    placement = Placement(
        paragraph=_current_paragraph(parent.paragraph),
        prompt=parent.prompt,
        parent=parent,
        thread_root=parent.thread_root or parent,
    )
    if parent.depth + 1 >= MAX_DEPTH:
        # Too deep to nest further: sit beside the comment answered and name its author.
        placement.reply_to = parent
        placement.parent = parent.parent
    placement.depth = placement.parent.depth + 1
    return placement


def _placement(assignment: Assignment, *, paragraph, parent, prompt) -> Placement:
    """A reply's place in its thread, or a new thread on a prompt or a paragraph."""
    if parent is not None:
        return _reply_placement(assignment, parent)
    if prompt is not None:
        if prompt.assignment_id != assignment.pk:
            raise ValidationError(_("That prompt belongs to another assignment."))
        return Placement(paragraph=_current_paragraph(prompt.paragraph), prompt=prompt)
    if paragraph is None:
        raise ValidationError(_("Choose a paragraph to comment on."))
    return Placement(paragraph=_discussed_paragraph(paragraph), prompt=None)


def _group_for(author, assignment: Assignment, thread_root: Comment | None):
    """The group a new comment belongs to in a group discussion (None otherwise)."""
    if not assignment.group_discussions:
        return None
    if thread_root is not None:
        # A reply belongs to its thread's group, even a reply by staff.
        return thread_root.group
    membership = membership_for(author, assignment.course)
    if membership is None or membership.role in STAFF_ROLES:
        # Staff speak to the whole class: their threads reach every group.
        return None
    return membership.group


@transaction.atomic
def comment_create(
    *,
    author,
    assignment: Assignment,
    body: str,
    paragraph: Paragraph | None = None,
    parent: Comment | None = None,
    prompt: Prompt | None = None,
    kind: str = Kind.NONE,
    phrase: Phrase | None = None,
) -> Comment:
    """Start a thread on a paragraph (or on a `phrase` in it), answer a prompt, or reply to a
    comment."""
    body = _clean_body(body)
    if kind not in Kind.values:
        raise ValidationError(_("Choose one of the listed comment types."))
    ensure_discussion_open(assignment=assignment, user=author)
    ensure_may_post(user=author, course=assignment.course, assignment=assignment)
    screened = screen_text(body=body, course=assignment.course)
    if paragraph is not None and paragraph.reading_id != assignment.reading_id:
        raise ValidationError(_("That paragraph is not part of this assignment's reading."))
    place = _placement(assignment, paragraph=paragraph, parent=parent, prompt=prompt)
    anchor = {}
    if phrase is not None:
        if place.parent is not None or place.prompt is not None:
            raise ValidationError(_("Only a new thread on a paragraph can quote a phrase."))
        quote = phrase_in(place.paragraph, phrase)
        anchor = {
            "quote": quote.exact,
            "quote_prefix": quote.prefix,
            "quote_suffix": quote.suffix,
            "quote_start": quote.start,
            "quote_end": quote.end,
        }
    group = _group_for(author, assignment, place.thread_root)
    if assignment.anonymous:
        pseudonym_for(assignment=assignment, user=author)
    hold_reason = screened.hold_reason or premoderation_reason(user=author, assignment=assignment)
    comment = Comment.objects.create(
        assignment=assignment,
        paragraph=place.paragraph,
        prompt=place.prompt,
        group=group,
        author=author,
        parent=place.parent,
        reply_to=place.reply_to,
        thread_root=place.thread_root,
        depth=place.depth,
        body=screened.body,
        body_html=render_markdown(screened.body),
        kind=kind,
        status=Status.PENDING if hold_reason else Status.VISIBLE,
        moderation_reason=hold_reason,
        **anchor,
    )
    if place.thread_root is None:
        comment.thread_root = comment
        comment.save(update_fields=["thread_root"])
    if hold_reason:
        hold_for_review(comment=comment, reason=hold_reason)
    else:
        comment_published_later(comment)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, editor, body: str, kind: str | None = None) -> Comment:
    ensure_can_change(comment, editor)
    ensure_discussion_open(assignment=comment.assignment, user=editor)
    ensure_not_suspended(user=editor, course=comment.assignment.course)
    body = _clean_body(body)
    kind = comment.kind if kind is None else kind
    if kind not in Kind.values:
        raise ValidationError(_("Choose one of the listed comment types."))
    if kind != comment.kind:
        comment.kind = kind
        comment.save(update_fields=["kind"])
    screened = screen_text(body=body, course=comment.assignment.course)
    body = screened.body
    if body == (comment.pending_body or comment.body):
        return comment
    if comment.status == Status.VISIBLE:
        # Classmates can read this comment: an edit by someone under review, or one holding
        # a watched word, waits for review as a new post would, and they keep the old text.
        hold_reason = screened.hold_reason or premoderation_reason(
            user=editor, assignment=comment.assignment
        )
        if hold_reason:
            edit_hold(comment=comment, body=body, reason=hold_reason)
            return comment
    set_aside_waiting_edit(comment)
    CommentRevision.objects.create(comment=comment, body=comment.body, edited_by=editor)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    if comment.status == Status.HIDDEN:
        author_resubmit(comment=comment, author=editor)
    else:
        # Someone the edit newly mentions hears about it.
        comment_published_later(comment)
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, author) -> Comment:
    """The author takes a comment back; its text stays for staff and its replies stay put."""
    ensure_can_change(comment, author)
    ensure_discussion_open(assignment=comment.assignment, user=author)
    set_aside_waiting_edit(comment)
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=author,
        kind=ModerationAction.Kind.WITHDRAW,
        before=comment.status,
        after=Status.WITHDRAWN,
    )
    comment.status = Status.WITHDRAWN
    comment.save(update_fields=["status"])
    return comment


def reaction_toggle(*, comment: Comment, user) -> bool:
    """Mark a classmate's comment helpful, or take the mark back; returns whether it is on.
    Like posting, not once the discussion is locked, nor while suspended."""
    ensure_discussion_open(assignment=comment.assignment, user=user)
    ensure_not_suspended(user=user, course=comment.assignment.course)
    if comment.author_id == user.pk:
        raise ValidationError(_("You can't mark your own comment as helpful."))
    if not comment.is_visible:
        raise ValidationError(_("This comment can't take reactions."))
    deleted, _details = Reaction.objects.filter(comment=comment, user=user).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(comment=comment, user=user)
    return True


def comment_endorse_toggle(*, comment: Comment, moderator) -> Comment:
    """Staff mark an exemplary comment for everyone to see, or remove the mark."""
    ensure_rule(STAFF, moderator, comment.assignment.course)
    ensure_discussion_open(assignment=comment.assignment, user=moderator)
    if not comment.is_visible:
        raise ValidationError(_("Only standing comments can be endorsed."))
    endorsing = not comment.endorsed_by_id
    comment.endorsed_by = moderator if endorsing else None
    comment.endorsed_at = timezone.now() if endorsing else None
    comment.save(update_fields=["endorsed_by", "endorsed_at"])
    return comment


@transaction.atomic
def prompt_create(
    *,
    assignment: Assignment,
    author,
    body: str,
    paragraph: Paragraph | None = None,
    post_first: bool = False,
) -> Prompt:
    ensure_rule(STAFF, author, assignment.course)
    body = _clean_body(body)
    if paragraph is not None:
        if paragraph.reading_id != assignment.reading_id:
            raise ValidationError(_("That paragraph is not part of this assignment's reading."))
        paragraph = _discussed_paragraph(paragraph)
    prompt = Prompt.objects.create(
        assignment=assignment,
        paragraph=paragraph,
        author=author,
        body=body,
        body_html=render_markdown(body),
        post_first=post_first,
    )
    record(
        course=assignment.course,
        actor=author,
        kind=ModerationAction.Kind.PROMPT_POSE,
        details_after=body,
    )
    return prompt


def _ensure_standing(prompt: Prompt) -> None:
    if prompt.withdrawn_at is not None:
        raise ValidationError(_("This prompt was withdrawn and can no longer be changed."))


@transaction.atomic
def prompt_edit(*, prompt: Prompt, editor, body: str) -> Prompt:
    """Staff reword a standing prompt; the audit trail keeps both wordings."""
    course = prompt.assignment.course
    ensure_rule(STAFF, editor, course)
    _ensure_standing(prompt)
    body = _clean_body(body)
    before = prompt.body
    if body == before:
        return prompt
    prompt.body = body
    prompt.body_html = render_markdown(body)
    prompt.save(update_fields=["body", "body_html"])
    record(
        course=course,
        actor=editor,
        kind=ModerationAction.Kind.PROMPT_CHANGE,
        details_before=before,
        details_after=body,
    )
    return prompt


@transaction.atomic
def prompt_withdraw(*, prompt: Prompt, moderator) -> Prompt:
    """Staff take a prompt down. Its answers are kept and shown as ordinary threads on its
    paragraph (or the whole reading)."""
    course = prompt.assignment.course
    ensure_rule(STAFF, moderator, course)
    _ensure_standing(prompt)
    prompt.withdrawn_at = timezone.now()
    prompt.save(update_fields=["withdrawn_at"])
    record(
        course=course,
        actor=moderator,
        kind=ModerationAction.Kind.PROMPT_WITHDRAW,
        details_before=prompt.body,
    )
    return prompt
