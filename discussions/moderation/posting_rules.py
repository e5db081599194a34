"""The checks a post passes before it is written: watched words, suspensions, the posting
limit, slow mode and pre-moderation."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.limits import one_at_a_time
from classroom.access import can_moderate, membership_for
from classroom.models import STAFF_ROLES, Course
from discussions.access import known_not_suspended
from discussions.models import Comment, WatchedWord

from .suspensions import active_suspension, suspended_until
from .watched_words import phrase_pattern, watched_words_for

MASK = "•••"


@dataclass
class Screened:
    body: str
    hold_reason: str = ""


def screen_text(*, body: str, course: Course) -> Screened:
    """Apply the course's and the site's watched words: block, hold for review, or mask."""
    screened = Screened(body=body)
    for word in watched_words_for(course):
        pattern = phrase_pattern(word)
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
    if known_not_suspended(user, course):
        # Read with the assignment this request loaded; a suspension given since then, in
        # the moment between, counts from the next post.
        return
    suspension = active_suspension(user=user, course=course)
    if suspension is not None:
        until = suspended_until(suspension, course)
        raise PermissionDenied(
            _("You can read this course but not post until %(date)s. Reason: %(reason)s")
            % {"date": until, "reason": suspension.reason}
        )


def ensure_may_post(*, user, course: Course, assignment) -> None:
    """Suspensions, the per-minute limit and slow mode, each with a clear message. Call it in
    the transaction that writes the post: posts sent at once are counted one after another."""
    ensure_not_suspended(user=user, course=course)
    one_at_a_time(user)
    now = timezone.now()
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
