"""Moderators' decisions on comments: flags, approving, hiding, dismissing flags, locking
and pinning, and the review an edited or held post waits for.

Every decision changes a comment's status (never deletes it), writes an append-only audit row
and, where the author should know, a notice with the reason in the author's language.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.rendering import clean_text, render_markdown
from classroom.access import STAFF, ensure_rule
from classroom.models import Course
from discussions.audit.trail import record
from discussions.models import (
    Comment,
    CommentRevision,
    Flag,
    FlagReason,
    ModerationAction,
    Status,
)
from discussions.notifications.flags import flaggers_told
from discussions.notifications.review import staff_told_of_review, where
from discussions.notifications.services import moderation_notice
from discussions.notifications.tasks import comment_published_later

Kind = ModerationAction.Kind


def ensure_moderator(user, course: Course) -> None:
    ensure_rule(STAFF, user, course)


def reason_required(reason: str) -> str:
    """A moderator's reason, cleaned; refused when missing or too long."""
    reason = clean_text(reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: the author will see it."))
    if len(reason) > 1000:
        raise ValidationError(_("Keep the reason under 1,000 characters."))
    return reason


def _set_status(comment: Comment, *, actor, kind, status: str, reason: str = "") -> None:
    before = comment.status
    comment.status = status
    comment.moderation_reason = reason if status in (Status.HIDDEN, Status.PENDING) else ""
    comment.save(update_fields=["status", "moderation_reason"])
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=actor,
        kind=kind,
        reason=reason,
        before=before,
        after=status,
    )


def _resolve_flags(comment: Comment, moderator) -> int:
    """Settle the open flags, after the decision, and tell whoever raised them."""
    open_flags = comment.flags.filter(resolved_at__isnull=True)
    flagger_ids = list(open_flags.values_list("flagger_id", flat=True))
    if not flagger_ids:
        return 0
    resolved = open_flags.update(resolved_at=timezone.now(), resolved_by=moderator)
    flaggers_told(comment=comment, flagger_ids=flagger_ids, moderator=moderator)
    return resolved


# --- Flags ---


def comment_flag(*, comment: Comment, flagger, reason: str, note: str = "") -> Flag:
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose a reason for flagging."))
    note = clean_text(note or "").strip()[:1000]
    if reason == FlagReason.OTHER and not note:
        raise ValidationError(_("Tell the moderators what is wrong."))
    if comment.author_id == flagger.pk:
        raise ValidationError(_("You can't flag your own comment; you can edit or withdraw it."))
    if comment.status != Status.VISIBLE:
        raise ValidationError(_("This comment is already with the moderators."))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(comment=comment, flagger=flagger, reason=reason, note=note)
    except IntegrityError:
        raise ValidationError(_("You have already flagged this comment.")) from None
    # Staff hear of the first open flag on a comment; further flags join the same review.
    if not comment.flags.filter(resolved_at__isnull=True).exclude(pk=flag.pk).exists():
        staff_told_of_review(
            comment=comment,
            actor=flagger,
            write=lambda: (
                _("A comment on “%(reading)s” in %(course)s was flagged for review.")
                % where(comment)
            ),
        )
    return flag


# --- Decisions ---


@transaction.atomic
def comment_approve(*, comment: Comment, moderator) -> Comment:
    """Let a pending (or hidden) comment be seen, its flags settled; or, on a visible
    comment, the edit waiting for review."""
    ensure_moderator(moderator, comment.assignment.course)
    if comment.status == Status.VISIBLE and comment.has_pending_edit:
        return edit_approve(comment=comment, moderator=moderator)
    if comment.status not in (Status.PENDING, Status.HIDDEN):
        raise ValidationError(_("Only pending or hidden comments can be approved."))
    kind = Kind.APPROVE if comment.status == Status.PENDING else Kind.RESTORE
    _set_status(comment, actor=moderator, kind=kind, status=Status.VISIBLE)
    _resolve_flags(comment, moderator)
    moderation_notice(
        user=comment.author,
        actor=moderator,
        write=lambda: (
            _("Your comment was approved and classmates can see it now.")
            if kind == Kind.APPROVE
            else _("Your comment was restored and classmates can see it now.")
        ),
        url=comment.get_absolute_url(),
        comment=comment,
    )
    # Now that others can see it, whoever it answers or mentions hears of it (once).
    comment_published_later(comment)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Take a comment out of view with a reason its author sees; replies stay in place."""
    ensure_moderator(moderator, comment.assignment.course)
    reason = reason_required(reason)
    if comment.status == Status.VISIBLE and comment.has_pending_edit:
        return edit_reject(comment=comment, moderator=moderator, reason=reason)
    if comment.status == Status.HIDDEN:
        raise ValidationError(_("This comment is already hidden."))
    if comment.status == Status.WITHDRAWN:
        raise ValidationError(_("Its author already withdrew this comment."))
    _set_status(comment, actor=moderator, kind=Kind.HIDE, status=Status.HIDDEN, reason=reason)
    _resolve_flags(comment, moderator)
    moderation_notice(
        user=comment.author,
        actor=moderator,
        write=lambda: (
            _("A moderator hid your comment. Reason: %(reason)s You can edit it and resubmit it.")
            % {"reason": reason}
        ),
        url=comment.get_absolute_url(),
        comment=comment,
    )
    return comment


@transaction.atomic
def flags_dismiss(*, comment: Comment, moderator) -> int:
    ensure_moderator(moderator, comment.assignment.course)
    dismissed = _resolve_flags(comment, moderator)
    if not dismissed:
        raise ValidationError(_("There are no open flags on this comment."))
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=moderator,
        kind=Kind.DISMISS_FLAGS,
        reason=ngettext("%(count)d flag dismissed", "%(count)d flags dismissed", dismissed)
        % {"count": dismissed},
        before=comment.status,
        after=comment.status,
    )
    return dismissed


def _toggle(comment: Comment, *, moderator, field: str, on_kind, off_kind) -> Comment:
    ensure_moderator(moderator, comment.assignment.course)
    value = not getattr(comment, field)
    setattr(comment, field, value)
    comment.save(update_fields=[field])
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=moderator,
        kind=on_kind if value else off_kind,
        before=comment.status,
        after=comment.status,
    )
    return comment


@transaction.atomic
def thread_lock_toggle(*, comment: Comment, moderator) -> Comment:
    """Lock (or unlock) the whole thread the comment is in: no new replies."""
    root = comment.thread_root or comment
    return _toggle(
        root, moderator=moderator, field="thread_locked", on_kind=Kind.LOCK_THREAD,
        off_kind=Kind.UNLOCK_THREAD,
    )  # fmt: skip


@transaction.atomic
def comment_pin_toggle(*, comment: Comment, moderator) -> Comment:
    return _toggle(
        comment, moderator=moderator, field="pinned", on_kind=Kind.PIN, off_kind=Kind.UNPIN
    )


@transaction.atomic
def author_resubmit(*, comment: Comment, author) -> None:
    """An edit to a hidden comment sends it back for review."""
    _set_status(
        comment,
        actor=author,
        kind=Kind.RESUBMIT,
        status=Status.PENDING,
        reason=_("Edited after a moderator hid it."),
    )
    _staff_told_post_waits(comment)


def _staff_told_post_waits(comment: Comment) -> None:
    staff_told_of_review(
        comment=comment,
        actor=comment.author,
        write=lambda: (
            _("A post on “%(reading)s” in %(course)s waits for your review.") % where(comment)
        ),
    )


# --- Edits waiting for review: the comment stays as approved until a moderator decides ---


def edit_hold(*, comment: Comment, body: str, reason: str) -> None:
    """Keep an edit of a visible comment aside until a moderator approves it; classmates keep
    reading the approved wording. Writing it back as it was withdraws a waiting edit."""
    set_aside_waiting_edit(comment)
    if body == comment.body:
        return
    comment.pending_body = body
    comment.pending_body_html = render_markdown(body)
    comment.save(update_fields=["pending_body", "pending_body_html"])
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=comment.author,
        kind=Kind.HOLD_EDIT,
        reason=reason,
        before=comment.status,
        after=comment.status,
    )
    staff_told_of_review(
        comment=comment,
        actor=comment.author,
        write=lambda: (
            _("An edit on “%(reading)s” in %(course)s waits for your review.") % where(comment)
        ),
    )


def set_aside_waiting_edit(comment: Comment) -> None:
    """A waiting edit its author replaces or withdraws before review goes into the comment's
    history, so nothing they wrote is lost."""
    if not comment.pending_body:
        return
    CommentRevision.objects.create(
        comment=comment,
        body=comment.pending_body,
        edited_by=comment.author,
        outcome=CommentRevision.Outcome.UNREVIEWED,
    )
    comment.pending_body = comment.pending_body_html = ""
    comment.save(update_fields=["pending_body", "pending_body_html"])


def edit_approve(*, comment: Comment, moderator) -> Comment:
    """The waiting edit becomes what everyone reads; the wording it replaces is kept."""
    CommentRevision.objects.create(comment=comment, body=comment.body, edited_by=comment.author)
    comment.body, comment.body_html = comment.pending_body, comment.pending_body_html
    comment.pending_body = comment.pending_body_html = ""
    comment.edited_at = timezone.now()
    comment.save(
        update_fields=["body", "body_html", "pending_body", "pending_body_html", "edited_at"]
    )
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=moderator,
        kind=Kind.APPROVE_EDIT,
        before=comment.status,
        after=comment.status,
    )
    moderation_notice(
        user=comment.author,
        actor=moderator,
        write=lambda: _("Your edit was approved and classmates can see it now."),
        url=comment.get_absolute_url(),
        comment=comment,
    )
    # Someone the edit newly mentions hears about it now that others can read it.
    comment_published_later(comment)
    return comment


def edit_reject(*, comment: Comment, moderator, reason: str) -> Comment:
    """Turn the waiting edit down: classmates keep the approved wording, the author hears
    why, and the edit stays in the comment's history."""
    CommentRevision.objects.create(
        comment=comment,
        body=comment.pending_body,
        edited_by=comment.author,
        outcome=CommentRevision.Outcome.REJECTED,
    )
    comment.pending_body = comment.pending_body_html = ""
    comment.save(update_fields=["pending_body", "pending_body_html"])
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=moderator,
        kind=Kind.REJECT_EDIT,
        reason=reason,
        before=comment.status,
        after=comment.status,
    )
    moderation_notice(
        user=comment.author,
        actor=moderator,
        write=lambda: (
            _(
                "A moderator turned down your edit. Reason: %(reason)s Classmates still see "
                "the earlier wording; your edit is kept in the comment's history."
            )
            % {"reason": reason}
        ),
        url=comment.get_absolute_url(),
        comment=comment,
    )
    return comment


def hold_for_review(*, comment: Comment, reason: str) -> None:
    """Record that a new or edited post is waiting for review, and why."""
    record(
        course=comment.assignment.course,
        comment=comment,
        actor=comment.author,
        kind=Kind.HOLD,
        reason=reason,
        before="",
        after=Status.PENDING,
    )
    _staff_told_post_waits(comment)
