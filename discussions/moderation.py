"""Moderation: flags, review decisions, watched words, posting limits and suspensions.

Every decision changes a comment's status (never deletes it), writes an append-only
ModerationAction row and, where the author should know, an in-app Notice with the reason.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.rendering import clean_text, render_markdown
from classroom.access import can_moderate, membership_for
from classroom.models import STAFF_ROLES, Course, Membership

from .models import (
    Comment,
    CommentRevision,
    Flag,
    FlagReason,
    ModerationAction,
    Notice,
    Status,
    Suspension,
    WatchedWord,
)
from .notifications import comment_published

Kind = ModerationAction.Kind
MASK = "•••"
ERASED = "[This text was erased at the author's request.]"


def record(*, course, actor, kind, comment=None, subject=None, reason="", before="", after=""):
    """Append one audit row."""
    return ModerationAction.objects.create(
        course=course,
        comment=comment,
        subject=subject if subject is not None else getattr(comment, "author", None),
        actor=actor,
        kind=kind,
        reason=reason,
        from_status=before,
        to_status=after,
    )


def notify(*, user, actor, text: str, url: str = "", comment=None) -> Notice | None:
    """A moderation notice; nobody is told of their own decision."""
    if user.pk == actor.pk:
        return None
    return Notice.objects.create(
        user=user, kind=Notice.Kind.MODERATION, text=text, url=url, comment=comment
    )


def _for_reader(user, write) -> str:
    """A notice's text, written in the language its reader chose (English if none)."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return write()


def _ensure_moderator(user, course: Course) -> None:
    if not can_moderate(user, course):
        raise PermissionDenied(
            _("Only this course's instructors and teaching assistants can do that.")
        )


def _reason_required(reason: str) -> str:
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
    return comment.flags.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


# --- Checks made when someone posts or edits ---


@dataclass
class Screened:
    body: str
    hold_reason: str = ""


def _watched_words(course: Course):
    return WatchedWord.objects.filter(Q(course=course) | Q(course__isnull=True))


def _pattern(word: WatchedWord) -> re.Pattern:
    escaped = re.escape(word.phrase.strip())
    if word.whole_word:
        escaped = rf"(?<!\w){escaped}(?!\w)"
    return re.compile(escaped, re.IGNORECASE | re.UNICODE)


def screen_text(*, body: str, course: Course) -> Screened:
    """Apply the course's and the site's watched words: block, hold for review, or mask."""
    screened = Screened(body=body)
    for word in _watched_words(course):
        pattern = _pattern(word)
        if not pattern.search(screened.body):
            continue
        if word.action == WatchedWord.Action.BLOCK:
            raise ValidationError(
                _(
                    "Your post contains “%(phrase)s”, which isn't allowed in this course. "
                    "Please rephrase it; nothing was posted."
                )
                % {"phrase": word.phrase}
            )
        if word.action == WatchedWord.Action.MASK:
            screened.body = pattern.sub(MASK, screened.body)
        else:
            screened.hold_reason = _("It contains a word this course reviews before posting.")
    return screened


def ensure_not_suspended(*, user, course: Course) -> None:
    suspension = active_suspension(user=user, course=course)
    if suspension is not None:
        with timezone.override(course.time_zone):
            until = date_format(timezone.localtime(suspension.ends_at), _("j F, H:i"))
        raise PermissionDenied(
            _("You can read this course but not post until %(date)s. Reason: %(reason)s")
            % {"date": until, "reason": suspension.reason}
        )


def ensure_may_post(*, user, course: Course, assignment) -> None:
    """Suspensions, the per-minute limit and slow mode, each with a clear message."""
    now = timezone.now()
    ensure_not_suspended(user=user, course=course)
    recent = Comment.objects.filter(author=user, created_at__gte=now - timedelta(minutes=1))
    limit = settings.COMMENT_RATE_LIMIT_PER_MINUTE
    times = sorted(recent.values_list("created_at", flat=True))
    if len(times) >= limit:
        wait = max(1, int((times[-limit] + timedelta(minutes=1) - now).total_seconds()) + 1)
        raise ValidationError(
            ngettext(
                "You're posting very quickly. Please wait %(wait)d second and try again; "
                "what you wrote is still in the box.",
                "You're posting very quickly. Please wait %(wait)d seconds and try again; "
                "what you wrote is still in the box.",
                wait,
            )
            % {"wait": wait}
        )
    if assignment.slow_mode_seconds and not can_moderate(user, course):
        last = (
            Comment.objects.filter(author=user, assignment=assignment)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is not None:
            ready = last + timedelta(seconds=assignment.slow_mode_seconds)
            if ready > now:
                wait = int((ready - now).total_seconds()) + 1
                raise ValidationError(
                    ngettext(
                        "Slow mode is on for this discussion: you can post again in %(wait)d "
                        "second.",
                        "Slow mode is on for this discussion: you can post again in %(wait)d "
                        "seconds.",
                        wait,
                    )
                    % {"wait": wait}
                )


def premoderation_reason(*, user, assignment) -> str:
    """Why a new post by this person waits for review, or "" if it appears at once."""
    course = assignment.course
    membership = membership_for(user, course)
    if membership is None or membership.role in STAFF_ROLES:
        return ""
    if assignment.premoderate or course.premoderation == "students":
        return _("Posts in this discussion are reviewed before classmates see them.")
    if course.premoderation == "new_students":
        since = timezone.now() - timedelta(days=course.new_student_days)
        if membership.joined_at >= since:
            return _("Posts by newly joined members are reviewed before classmates see them.")
    return ""


def active_suspension(*, user, course: Course) -> Suspension | None:
    now = timezone.now()
    return (
        Suspension.objects.filter(
            course=course, user=user, lifted_at__isnull=True, starts_at__lte=now, ends_at__gt=now
        )
        .order_by("-ends_at")
        .first()
    )


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
            return Flag.objects.create(comment=comment, flagger=flagger, reason=reason, note=note)
    except IntegrityError:
        raise ValidationError(_("You have already flagged this comment.")) from None


# --- Decisions ---


def _comment_link(comment: Comment) -> str:
    return comment.get_absolute_url()


@transaction.atomic
def comment_approve(*, comment: Comment, moderator) -> Comment:
    """Let a pending (or hidden) comment be seen; its flags are settled."""
    _ensure_moderator(moderator, comment.assignment.course)
    if comment.status not in (Status.PENDING, Status.HIDDEN):
        raise ValidationError(_("Only pending or hidden comments can be approved."))
    kind = Kind.APPROVE if comment.status == Status.PENDING else Kind.RESTORE
    _set_status(comment, actor=moderator, kind=kind, status=Status.VISIBLE)
    _resolve_flags(comment, moderator)
    if kind == Kind.APPROVE:
        text = _for_reader(
            comment.author, lambda: _("Your comment was approved and classmates can see it now.")
        )
    else:
        text = _for_reader(
            comment.author, lambda: _("Your comment was restored and classmates can see it now.")
        )
    notify(
        user=comment.author,
        actor=moderator,
        text=text,
        url=_comment_link(comment),
        comment=comment,
    )
    # Now that others can see it, whoever it answers or mentions hears of it (once).
    comment_published(comment)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Take a comment out of view with a reason its author sees; replies stay in place."""
    _ensure_moderator(moderator, comment.assignment.course)
    reason = _reason_required(reason)
    if comment.status == Status.HIDDEN:
        raise ValidationError(_("This comment is already hidden."))
    if comment.status == Status.WITHDRAWN:
        raise ValidationError(_("Its author already withdrew this comment."))
    _set_status(comment, actor=moderator, kind=Kind.HIDE, status=Status.HIDDEN, reason=reason)
    _resolve_flags(comment, moderator)
    notify(
        user=comment.author,
        actor=moderator,
        text=_for_reader(
            comment.author,
            lambda: (
                _(
                    "A moderator hid your comment. Reason: %(reason)s "
                    "You can edit it and resubmit it."
                )
                % {"reason": reason}
            ),
        ),
        url=_comment_link(comment),
        comment=comment,
    )
    return comment


@transaction.atomic
def flags_dismiss(*, comment: Comment, moderator) -> int:
    _ensure_moderator(moderator, comment.assignment.course)
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
    _ensure_moderator(moderator, comment.assignment.course)
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


# --- Members ---


@transaction.atomic
def member_suspend(*, course: Course, user, moderator, days: int, reason: str) -> Suspension:
    _ensure_moderator(moderator, course)
    reason = _reason_required(reason)
    if not 1 <= days <= 365:
        raise ValidationError(_("Suspend for between 1 and 365 days."))
    membership = Membership.objects.active().filter(course=course, user=user).first()
    if membership is None:
        raise ValidationError(_("That person is not in this course."))
    if membership.role in STAFF_ROLES:
        raise ValidationError(_("Staff can't be suspended; change their role on the roster first."))
    suspension = Suspension.objects.create(
        course=course,
        user=user,
        reason=reason,
        ends_at=timezone.now() + timedelta(days=days),
        created_by=moderator,
    )
    record(course=course, subject=user, actor=moderator, kind=Kind.SUSPEND, reason=reason)
    notify(
        user=user,
        actor=moderator,
        text=_for_reader(
            user,
            lambda: (
                ngettext(
                    "You can read %(course)s but not post for %(days)d day. Reason: %(reason)s",
                    "You can read %(course)s but not post for %(days)d days. Reason: %(reason)s",
                    days,
                )
                % {"course": course.title, "days": days, "reason": reason}
            ),
        ),
        url=course.get_absolute_url(),
    )
    return suspension


@transaction.atomic
def suspension_lift(*, suspension: Suspension, moderator) -> Suspension:
    _ensure_moderator(moderator, suspension.course)
    if suspension.lifted_at is not None:
        raise ValidationError(_("This suspension was already lifted."))
    suspension.lifted_at = timezone.now()
    suspension.save(update_fields=["lifted_at"])
    record(
        course=suspension.course,
        subject=suspension.user,
        actor=moderator,
        kind=Kind.LIFT_SUSPENSION,
    )
    notify(
        user=suspension.user,
        actor=moderator,
        text=_for_reader(
            suspension.user,
            lambda: _("You can post in %(course)s again.") % {"course": suspension.course.title},
        ),
        url=suspension.course.get_absolute_url(),
    )
    return suspension


@transaction.atomic
def comment_erase(*, comment: Comment, admin, reason: str) -> Comment:
    """A site admin's data-erasure request: the text (and its earlier wordings) becomes a
    tombstone. The rows stay, so threads and the audit trail stay whole."""
    if not admin.is_site_admin:
        raise PermissionDenied(_("Only site administrators can erase text."))
    reason = _reason_required(reason)
    comment.body = ERASED
    comment.body_html = render_markdown(ERASED)
    comment.save(update_fields=["body", "body_html"])
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
