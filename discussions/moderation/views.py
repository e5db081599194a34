"""Moderation pages: flagging a comment, the review queue and its decisions. Each decision is
a plain form post that redirects back; with htmx it answers with the changed queue item (or
comment, on the reading page) instead."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from articles.access import SITE_ADMIN, access_rule
from articles.navigation import safe_next_url
from classroom.access import MEMBER, STAFF, course_for
from classroom.models import Course
from discussions.access import comment_for_member, comment_for_staff
from discussions.audience import Audience
from discussions.models import Comment, Flag, Status
from discussions.posting_keys import post_once
from discussions.reading.page import (
    READING,
    announce,
    comment_url,
    page_context,
    render_comment,
)
from discussions.reading.threads import ALL_PARAGRAPHS, Discussion

from . import decisions
from .forms import FlagForm, HideForm
from .queue import queue, queue_item
from .suspensions import active_suspensions

FLAG = "discussions/moderation/flag.html"
QUEUE = "discussions/moderation/queue.html"
MODERATE = "discussions/moderation/comment.html"
FLAG_THANKS = gettext_lazy("Thanks — a moderator will take a look.")
QUEUE_PAGE_SIZE = 25


def error_text(error: ValidationError) -> str:
    """A refused decision's messages as one sentence for the page."""
    return " ".join(error.messages)


# --- Flagging ---


@access_rule(MEMBER)
@require_http_methods(["GET", "POST"])
def comment_flag_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Any member but the author asks staff to look at a comment."""
    comment, audience = comment_for_member(request.user, comment_id)
    form = FlagForm(request.POST if request.method == "POST" else None)
    context = page_context(audience, comment=comment, flag_form=form)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post_once(
                    request,
                    "flag",
                    lambda: decisions.comment_flag(
                        comment=comment,
                        flagger=request.user,
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.htmx:
                    response = render(request, f"{FLAG}#flag-done", context)
                    return announce(response, comment, FLAG_THANKS)
                messages.success(request, FLAG_THANKS)
                return redirect(comment_url(comment))
        status = 422
    else:
        context["earlier_flag"] = Flag.objects.raised_by(request.user, comment=comment).first()
    if request.htmx:
        return render(request, f"{FLAG}#flag-form", context, status=status)
    return render(request, FLAG, context, status=status)


# --- The review queue ---


def queue_url(course: Course | None) -> str:
    if course is None:
        return reverse("discussions:moderation_queue_all")
    return reverse("discussions:moderation_queue", args=[course.slug])


def _queue_page(request: HttpRequest, course: Course | None) -> HttpResponse:
    page = Paginator(queue(course), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "course": course,
        "page": page,
        "next_url": request.get_full_path(),
        "suspensions": (list(active_suspensions(course).values()) if course is not None else []),
    }
    return render(request, QUEUE, context)


@access_rule(STAFF)
@require_GET
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for(request.user, slug, STAFF)
    return _queue_page(request, course)


@require_GET
@access_rule(SITE_ADMIN)  # below the method check, so a POST is a 405 for everyone
def moderation_queue_all(request: HttpRequest) -> HttpResponse:
    """Site admins see every course's queue in one list."""
    return _queue_page(request, None)


# --- Decisions on one comment ---


def _shown_in_reading(request: HttpRequest) -> bool:
    return (request.POST.get("shown_in") or request.GET.get("shown_in")) == "reading"


def _render_item(request, comment: Comment, *, status=200, **state) -> HttpResponse:
    item = queue_item(comment.pk)
    for key, value in state.items():
        setattr(item, key, value)
    next_url = safe_next_url(request) or queue_url(item.assignment.course)
    context = {"comment": item, "next_url": next_url, "hide_form": state.get("hide_form")}
    return render(request, f"{QUEUE}#queue-item", context, status=status)


def _moderate_page(request, comment: Comment, *, status=200, **state) -> HttpResponse:
    """One comment's queue item on a page of its own: the form without JavaScript, and where
    a refused decision explains itself."""
    item = queue_item(comment.pk)
    for key, value in state.items():
        setattr(item, key, value)
    context = {
        "comment": item,
        "course": item.assignment.course,
        "next_url": safe_next_url(request) or comment_url(comment),
        "hide_form": state.get("hide_form") or HideForm(),
        "error": state.get("error", ""),
    }
    return render(request, MODERATE, context, status=status)


def _render_thread(request, audience: Audience, root: Comment, message: str) -> HttpResponse:
    """A thread's whole subtree: locking it changes every Reply link inside."""
    discussion = Discussion(audience, scope=ALL_PARAGRAPHS)
    thread = []
    for key, entries in discussion.threads.items():
        start = next((i for i, entry in enumerate(entries) if entry.comment.pk == root.pk), None)
        if start is None:
            continue
        end = start + 1
        while end < len(entries) and entries[end].comment.thread_root_id == root.pk:
            end += 1
        thread = entries[start:end]
        closed = key in discussion.paragraph_map.removed_ids
        break
    else:
        closed = False
    context = page_context(audience, entries=thread, discussion_closed=closed)
    response = render(request, f"{READING}#threads", context)
    response = reswap(retarget(response, f"#{root.anchor}"), "outerHTML")
    return announce(response, root, message)


def _decided(request, comment: Comment, audience: Audience, message: str, *, thread=None):
    if request.htmx:
        if _shown_in_reading(request):
            if thread is not None:
                return _render_thread(request, audience, thread, message)
            return render_comment(request, audience, comment, message)
        return announce(_render_item(request, comment, done=message), comment, message)
    messages.success(request, message)
    if safe_next_url(request):
        return redirect(safe_next_url(request))
    if _shown_in_reading(request):
        return redirect(comment_url(comment))
    return redirect(queue_url(comment.assignment.course))


def _refused(request, comment: Comment, audience: Audience, message: str, hide_form=None):
    """Nothing changed: say why, where the moderator is looking, with a 422."""
    if request.htmx and _shown_in_reading(request):
        if hide_form is not None:
            context = page_context(audience, comment=comment, hide_form=hide_form)
            context["shown_in"] = "reading"
            response = render(request, f"{QUEUE}#hide-form", context, status=422)
            return reswap(retarget(response, f"#{comment.anchor}-hide-form"), "outerHTML")
        response = render_comment(request, audience, comment, message)
        response.status_code = 422
        return response
    if request.htmx:
        return _render_item(request, comment, status=422, error=message, hide_form=hide_form)
    return _moderate_page(request, comment, status=422, error=message, hide_form=hide_form)


def _decision(request, comment_id: int, decide) -> HttpResponse:
    comment, audience = comment_for_staff(request.user, comment_id)
    try:
        message, thread = decide(comment)
    except ValidationError as error:
        return _refused(request, comment, audience, error_text(error))
    return _decided(request, comment, audience, message, thread=thread)


@access_rule(STAFF)
@require_POST
def comment_approve_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def approve(comment):
        hidden = comment.status == Status.HIDDEN
        edited = comment.status == Status.VISIBLE and comment.has_pending_edit
        decisions.comment_approve(comment=comment, moderator=request.user)
        if edited:
            return _("Edit approved: classmates see the new wording now."), None
        if hidden:
            return _("Restored: classmates can see it again."), None
        return _("Approved: classmates can see it now."), None

    return _decision(request, comment_id, approve)


@access_rule(STAFF)
@require_POST
def flags_dismiss_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def dismiss(comment):
        count = decisions.flags_dismiss(comment=comment, moderator=request.user)
        message = ngettext(
            "%(count)d flag dismissed; the comment stays.",
            "%(count)d flags dismissed; the comment stays.",
            count,
        )
        return message % {"count": count}, None

    return _decision(request, comment_id, dismiss)


@access_rule(STAFF)
@require_POST
def thread_lock_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def toggle(comment):
        root = decisions.thread_lock_toggle(comment=comment, moderator=request.user)
        if root.thread_locked:
            return _("Thread locked: it takes no new replies."), root
        return _("Thread unlocked: replies are open again."), root

    return _decision(request, comment_id, toggle)


@access_rule(STAFF)
@require_POST
def comment_pin_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def toggle(comment):
        decisions.comment_pin_toggle(comment=comment, moderator=request.user)
        if comment.pinned:
            return _("Pinned: it is listed first on its paragraph."), None
        return _("Unpinned."), None

    return _decision(request, comment_id, toggle)


@access_rule(STAFF)
@require_http_methods(["GET", "POST"])
def comment_hide_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Hide with a reason the author sees. GET gives the form: in the comment's reply slot
    with htmx, on the comment's own moderation page without."""
    comment, audience = comment_for_staff(request.user, comment_id)
    if request.method == "GET":
        if request.htmx:
            context = page_context(audience, comment=comment, hide_form=HideForm())
            context["shown_in"] = "reading"
            return render(request, f"{QUEUE}#hide-form", context)
        return _moderate_page(request, comment)
    form = HideForm(request.POST)
    edited = comment.status == Status.VISIBLE and comment.has_pending_edit
    if form.is_valid():
        try:
            decisions.comment_hide(
                comment=comment, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("Hidden. The author sees the reason and can edit and resubmit.")
            if edited:
                message = _(
                    "Edit turned down. Classmates still see the earlier wording; the author "
                    "sees the reason."
                )
            return _decided(request, comment, audience, message)
    errors = [error for errors in form.errors.values() for error in errors]
    return _refused(request, comment, audience, " ".join(errors), hide_form=form)
