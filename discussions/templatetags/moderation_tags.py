"""Moderation pieces other pages show: the review-queue link, a suspended student's notice,
the roster's suspend controls, and whether a comment sits in a locked thread."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from classroom.access import can_moderate
from discussions.audit.history import word_diff
from discussions.models import Comment
from discussions.moderation.queue import waiting_count
from discussions.moderation.suspensions import active_suspension, active_suspensions

register = template.Library()


@register.filter
def edit_changes(comment: Comment):
    """What the edit waiting for review changes, word by word, from the approved wording."""
    return word_diff(comment.body, comment.pending_body)


@register.simple_tag(takes_context=True)
def review_queue_link(context, course, css_class: str = "", only_when_waiting: bool = False) -> str:
    """A link to the course's queue, with how many comments wait, for its staff only (or only
    while something waits, where the course's row of pages already links to the queue)."""
    user = context["user"]
    if not can_moderate(user, course):
        return ""
    count = waiting_count(course)
    if only_when_waiting and not count:
        return ""
    waiting = ""
    if count:
        text = _("%(count)s waiting") % {"count": count}
        waiting = format_html(' <span class="queue-count">{}</span>', text)
    url = reverse("discussions:moderation_queue", args=[course.slug])
    return format_html(
        '<a class="{}" href="{}">{}{}</a>', css_class, url, _("Review queue"), waiting
    )


@register.inclusion_tag("discussions/moderation/suspension_notice.html", takes_context=True)
def suspension_notice(context, course) -> dict:
    user = context["user"]
    if not user.is_authenticated or can_moderate(user, course):
        return {"suspension": None}
    return {"suspension": active_suspension(user=user, course=course)}


@register.inclusion_tag("discussions/moderation/roster_suspension.html", takes_context=True)
def suspension_controls(context, membership) -> dict:
    """Suspend (or lift) on one roster row; the course's suspensions load once per page."""
    course = context["course"]
    if "_active_suspensions" not in course.__dict__:
        course.__dict__["_active_suspensions"] = active_suspensions(course)
    return {
        "course": course,
        "membership": membership,
        "suspension": course.__dict__["_active_suspensions"].get(membership.user_id),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def thread_is_locked(comment: Comment) -> bool:
    """Threads on a page know this already (threads.group_threads); a lone comment asks."""
    known = getattr(comment, "in_locked_thread", None)
    if known is not None:
        return known
    root_id = comment.thread_root_id or comment.pk
    if root_id == comment.pk:
        return comment.thread_locked
    return Comment.objects.filter(pk=root_id, thread_locked=True).exists()
