"""The endpoint an open discussion polls for new and changed comments (static/js/colloquy.js),
and the middleware that answers its polls that find nothing from the cache."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.access import access_rule
from classroom.access import MEMBER
from discussions.access import discussion_changes_for_member
from discussions.audience import audience_for

from . import live
from .page import READING, apply_group_filter, page_context, reading_url
from .threads import count_comments, mark_phrases


@access_rule(MEMBER)
@require_GET
@vary_on_headers("HX-Request")
def discussion_updates(
    request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int
) -> HttpResponse:
    """204 when nothing this person may see changed since `?after=`; otherwise each changed
    comment, for the page to put in place, the paragraph's count, and its marked words when a
    thread on a phrase changed. Most polls find nothing and never get here:
    `QuietPollMiddleware` answers them."""
    cursor = live.parse_cursor(request.GET.get("after", ""))
    now = timezone.now()
    assignment, maybe_changed = discussion_changes_for_member(
        request.user,
        slug,
        assignment_id,
        paragraph_id,
        since=live.changed_since(cursor or now),
    )
    if not request.htmx:
        # Only the page's script polls; a person who opens the address gets the discussion.
        return redirect(
            reading_url(assignment, paragraph_id=paragraph_id, anchor=f"p-{paragraph_id}")
        )
    if cursor is None:
        return HttpResponseBadRequest(_("Say since when with ?after=<seconds since 1970>."))
    live.remember_pass(request, slug, assignment_id, paragraph_id)
    live.remember_last_change(assignment_id, assignment.last_change)
    if not maybe_changed:
        return HttpResponse(status=204)
    audience = audience_for(request.user, assignment)
    apply_group_filter(request, audience)
    paragraph_map = assignment.reading.paragraph_map()
    paragraph = paragraph_map.by_id[paragraph_id]
    changes = live.paragraph_changes(audience, paragraph_map, paragraph, cursor)
    if not changes.comments:
        return HttpResponse(status=204)
    count_comments(audience, paragraph_map, paragraph)
    if changes.phrases is not None:
        mark_phrases(paragraph_map, [paragraph], changes.phrases)
    context = page_context(
        audience,
        paragraph=paragraph,
        changed=changes.comments,
        marks_moved=changes.phrases is not None,
        cursor=live.cursor_for(now),
    )
    return render(request, f"{READING}#live-updates", context)


class QuietPollMiddleware:
    """Answers a poll of `discussion_updates` that finds nothing new (`live.nothing_new`) with
    its 204 before the person, the course or any comment is looked up: open tabs poll every
    few seconds, and nearly every poll finds nothing. Sits just after SessionMiddleware, whose
    read (bringing the person's count of access changes along) is the one query such a poll
    costs; every other request passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and request.headers.get("HX-Request") == "true":
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if (
                match
                and match.func is discussion_updates
                and live.nothing_new(request, **match.kwargs)
            ):
                response = HttpResponse(status=204)
                # As the view's own answer would say.
                patch_vary_headers(response, ["HX-Request"])
                patch_cache_control(response, private=True, no_store=True)
                return response
        return self.get_response(request)
