"""What every reading-page response shares: its addresses, its context, the comment partial
and the event that tells the page which comment changed. Moderation and live updates answer
with pieces of the same page, so they use these too."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_htmx.http import trigger_client_event

from classroom.models import Assignment, Group
from discussions.audience import Audience
from discussions.models import Comment, Kind

from .forms import CommentForm

READING = "discussions/reading/reading.html"


def reading_url(
    assignment: Assignment, *, paragraph_id: int | None, anchor: str, **query: str | int | None
) -> str:
    """The reading page with `paragraph_id`'s discussion open and the other `query`
    parameters that have a value."""
    url = reverse("discussions:reading", args=[assignment.course.slug, assignment.pk])
    parameters = {"open": paragraph_id, **query}
    given = urlencode({name: value for name, value in parameters.items() if value})
    return f"{url}{'?' if given else ''}{given}#{anchor}"


def comment_url(comment: Comment) -> str:
    """The comment in place on the reading page, its paragraph's discussion open at the page
    of threads that holds it."""
    current = comment.paragraph.current() if comment.paragraph_id else None
    return reading_url(
        comment.assignment,
        paragraph_id=current.pk if current else None,
        anchor=comment.anchor,
        thread=comment.thread_root_id if current else None,
    )


def page_context(audience: Audience, **extra) -> dict:
    """What every part of the reading page reads, plus `extra`."""
    assignment = audience.assignment
    now = timezone.now()
    return {
        "assignment": assignment,
        "course": assignment.course,
        "audience": audience,
        "locked": assignment.is_locked(now),
        "form": CommentForm(),
        "kinds": Kind.choices[1:],
        **extra,
    }


def apply_group_filter(request: HttpRequest, audience: Audience) -> list[Group]:
    """Staff may narrow a group discussion to one group with ?group=<id>. Returns the
    course's groups for the picker (none when there is nothing to pick)."""
    if not (audience.is_staff and audience.assignment.group_discussions):
        return []
    groups = list(audience.assignment.course.groups.all())
    wanted = request.GET.get("group", "")
    audience.group_filter = next((group.pk for group in groups if str(group.pk) == wanted), None)
    return groups


def announce(response: HttpResponse, comment: Comment, message: str) -> HttpResponse:
    """Tell the page which comment changed so it can move focus there and say so."""
    return trigger_client_event(
        response, "colloquy:comment", {"id": comment.pk, "message": message}, after="settle"
    )


def render_comment(request, audience: Audience, comment: Comment, message: str = ""):
    """The comment as this person now sees it, announced with `message` if given."""
    fresh = audience.seen(comment.pk)
    response = render(request, f"{READING}#comment", page_context(audience, comment=fresh))
    return announce(response, fresh, message) if message else response
