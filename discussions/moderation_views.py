"""Moderation pages: flagging a comment, the review queue and its decisions, suspensions and
notices. Each decision is a plain form post that redirects back; with htmx it answers with the
changed queue item (or comment, on the reading page) instead."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from classroom.access import can_manage, course_for_staff
from classroom.models import Course, Membership

from . import review_queue
from .access import comment_for_member
from .audience import Audience
from .models import Comment, Flag, Status, Suspension
from .moderation import (
    comment_approve,
    comment_flag,
    comment_hide,
    comment_pin_toggle,
    flags_dismiss,
    member_suspend,
    suspension_lift,
    thread_lock_toggle,
)
from .moderation_forms import FlagForm, HideForm, SuspendForm
from .threads import ALL_PARAGRAPHS, Discussion
from .views import READING, _announce, _base_context, _comment_url, _render_comment

FLAG = "discussions/moderation/flag.html"
QUEUE = "discussions/moderation/queue.html"
MODERATE = "discussions/moderation/comment.html"
SUSPEND = "discussions/moderation/suspend.html"
NOTICES = "discussions/moderation/notices.html"
FLAG_THANKS = gettext_lazy("Thanks — a moderator will take a look.")
QUEUE_PAGE_SIZE = 25
NOTICES_PAGE_SIZE = 30


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Flagging ---


@require_http_methods(["GET", "POST"])
def comment_flag_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Any member but the author asks staff to look at a comment."""
    comment, audience = comment_for_member(request.user, comment_id)
    form = FlagForm(request.POST if request.method == "POST" else None)
    context = _base_context(audience, comment=comment, flag_form=form)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                comment_flag(
                    comment=comment,
                    flagger=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.htmx:
                    response = render(request, f"{FLAG}#flag-done", context)
                    return _announce(response, comment, FLAG_THANKS)
                messages.success(request, FLAG_THANKS)
                return redirect(_comment_url(comment))
        status = 422
    else:
        context["earlier_flag"] = Flag.objects.filter(comment=comment, flagger=request.user).first()
    if request.htmx:
        return render(request, f"{FLAG}#flag-form", context, status=status)
    return render(request, FLAG, context, status=status)


# --- The review queue ---


def _queue_url(course: Course | None) -> str:
    if course is None:
        return reverse("discussions:moderation_queue_all")
    return reverse("discussions:moderation_queue", args=[course.slug])


def _queue_page(request: HttpRequest, course: Course | None) -> HttpResponse:
    page = Paginator(review_queue.queue(course), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "course": course,
        "page": page,
        "next_url": request.get_full_path(),
        "suspensions": (
            list(review_queue.active_suspensions(course).values()) if course is not None else []
        ),
    }
    return render(request, QUEUE, context)


@require_GET
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    return _queue_page(request, course)


@require_GET
def moderation_queue_all(request: HttpRequest) -> HttpResponse:
    """Site admins see every course's queue in one list."""
    if not request.user.is_site_admin:
        raise Http404("No such page.")
    return _queue_page(request, None)


# --- Decisions on one comment ---


def _comment_for_staff(user, comment_id: int) -> tuple[Comment, Audience]:
    comment, audience = comment_for_member(user, comment_id)
    if not audience.is_staff:
        raise PermissionDenied(
            _("Only this course's instructors and teaching assistants can moderate comments.")
        )
    return comment, audience


def _shown_in_reading(request: HttpRequest) -> bool:
    return (request.POST.get("shown_in") or request.GET.get("shown_in")) == "reading"


def _render_item(request, comment: Comment, *, status=200, **state) -> HttpResponse:
    item = review_queue.queue_item(comment.pk)
    for key, value in state.items():
        setattr(item, key, value)
    next_url = _safe_next(request) or _queue_url(item.assignment.course)
    context = {"comment": item, "next_url": next_url, "hide_form": state.get("hide_form")}
    return render(request, f"{QUEUE}#queue-item", context, status=status)


def _moderate_page(request, comment: Comment, *, status=200, **state) -> HttpResponse:
    """One comment's queue item on a page of its own: the form without JavaScript, and where
    a refused decision explains itself."""
    item = review_queue.queue_item(comment.pk)
    for key, value in state.items():
        setattr(item, key, value)
    context = {
        "comment": item,
        "course": item.assignment.course,
        "next_url": _safe_next(request) or _comment_url(comment),
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
    context = _base_context(audience, entries=thread, discussion_closed=closed)
    response = render(request, f"{READING}#threads", context)
    response = reswap(retarget(response, f"#{root.anchor}"), "outerHTML")
    return _announce(response, root, message)


def _decided(request, comment: Comment, audience: Audience, message: str, *, thread=None):
    if request.htmx:
        if _shown_in_reading(request):
            if thread is not None:
                return _render_thread(request, audience, thread, message)
            return _render_comment(request, audience, comment, message)
        return _announce(_render_item(request, comment, done=message), comment, message)
    messages.success(request, message)
    if _safe_next(request):
        return redirect(_safe_next(request))
    if _shown_in_reading(request):
        return redirect(_comment_url(comment))
    return redirect(_queue_url(comment.assignment.course))


def _refused(request, comment: Comment, audience: Audience, message: str, hide_form=None):
    """Nothing changed: say why, where the moderator is looking, with a 422."""
    if request.htmx and _shown_in_reading(request):
        if hide_form is not None:
            context = _base_context(audience, comment=comment, hide_form=hide_form)
            context["shown_in"] = "reading"
            response = render(request, f"{QUEUE}#hide-form", context, status=422)
            return reswap(retarget(response, f"#{comment.anchor}-hide-form"), "outerHTML")
        response = _render_comment(request, audience, comment, message)
        response.status_code = 422
        return response
    if request.htmx:
        return _render_item(request, comment, status=422, error=message, hide_form=hide_form)
    return _moderate_page(request, comment, status=422, error=message, hide_form=hide_form)


def _decision(request, comment_id: int, decide) -> HttpResponse:
    comment, audience = _comment_for_staff(request.user, comment_id)
    try:
        message, thread = decide(comment)
    except ValidationError as error:
        return _refused(request, comment, audience, _error_text(error))
    return _decided(request, comment, audience, message, thread=thread)


@require_POST
def comment_approve_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def approve(comment):
        hidden = comment.status == Status.HIDDEN
        comment_approve(comment=comment, moderator=request.user)
        if hidden:
            return _("Restored: classmates can see it again."), None
        return _("Approved: classmates can see it now."), None

    return _decision(request, comment_id, approve)


@require_POST
def flags_dismiss_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def dismiss(comment):
        count = flags_dismiss(comment=comment, moderator=request.user)
        message = ngettext(
            "%(count)d flag dismissed; the comment stays.",
            "%(count)d flags dismissed; the comment stays.",
            count,
        )
        return message % {"count": count}, None

    return _decision(request, comment_id, dismiss)


@require_POST
def thread_lock_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def toggle(comment):
        root = thread_lock_toggle(comment=comment, moderator=request.user)
        if root.thread_locked:
            return _("Thread locked: it takes no new replies."), root
        return _("Thread unlocked: replies are open again."), root

    return _decision(request, comment_id, toggle)


@require_POST
def comment_pin_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    def toggle(comment):
        comment_pin_toggle(comment=comment, moderator=request.user)
        if comment.pinned:
            return _("Pinned: it is listed first on its paragraph."), None
        return _("Unpinned."), None

    return _decision(request, comment_id, toggle)


@require_http_methods(["GET", "POST"])
def comment_hide_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Hide with a reason the author sees. GET gives the form: in the comment's reply slot
    with htmx, on the comment's own moderation page without."""
    comment, audience = _comment_for_staff(request.user, comment_id)
    if request.method == "GET":
        if request.htmx:
            context = _base_context(audience, comment=comment, hide_form=HideForm())
            context["shown_in"] = "reading"
            return render(request, f"{QUEUE}#hide-form", context)
        return _moderate_page(request, comment)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            comment_hide(
                comment=comment, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("Hidden. The author sees the reason and can edit and resubmit.")
            return _decided(request, comment, audience, message)
    errors = [error for errors in form.errors.values() for error in errors]
    return _refused(request, comment, audience, " ".join(errors), hide_form=form)


# --- Suspensions ---


def _member_in(course: Course, membership_id: str) -> Membership:
    if not membership_id.isdigit() or len(membership_id) > 18:
        raise Http404("No such member.")
    membership = (
        Membership.objects.active()
        .filter(course=course, pk=int(membership_id))
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    return membership


def _after_suspension(request: HttpRequest, course: Course) -> str:
    if _safe_next(request):
        return _safe_next(request)
    if can_manage(request.user, course):
        return reverse("classroom:roster", args=[course.slug])
    return _queue_url(course)


def _suspend_page(request, course, membership, form, *, status=200, error="") -> HttpResponse:
    context = {
        "course": course,
        "membership": membership,
        "form": form,
        "error": error,
        "current": review_queue.active_suspensions(course).get(membership.user_id),
        "next_url": _safe_next(request),
    }
    return render(request, SUSPEND, context, status=status)


@require_http_methods(["GET", "POST"])
def suspension_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Make a student read-only in the course for some days, with a reason they see."""
    course = course_for_staff(request.user, slug)
    membership = _member_in(course, request.POST.get("member") or request.GET.get("member", ""))
    if request.method == "GET":
        return _suspend_page(request, course, membership, SuspendForm())
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            suspension = member_suspend(
                course=course,
                user=membership.user,
                moderator=request.user,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            with timezone.override(course.time_zone):
                until = date_format(timezone.localtime(suspension.ends_at), _("j F, H:i"))
            messages.success(
                request,
                _("%(name)s can read but not post until %(date)s.")
                % {"name": membership.user.public_name, "date": until},
            )
            return redirect(_after_suspension(request, course))
    return _suspend_page(request, course, membership, form, status=422)


@require_POST
def suspension_lift_view(request: HttpRequest, slug: str, suspension_id: int) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    suspension = get_object_or_404(
        Suspension.objects.select_related("user"), pk=suspension_id, course=course
    )
    try:
        suspension_lift(suspension=suspension, moderator=request.user)
    except ValidationError as error:
        membership = Membership.objects.filter(course=course, user=suspension.user).first()
        if membership is None:
            raise Http404("No such member.") from None
        form = SuspendForm()
        return _suspend_page(
            request, course, membership, form, status=422, error=_error_text(error)
        )
    messages.success(request, _("%(name)s can post again.") % {"name": suspension.user.public_name})
    return redirect(_after_suspension(request, course))


# --- Notices ---


def _notices_page(request: HttpRequest, number) -> dict:
    listed = request.user.notices.order_by("-created_at", "-pk")
    page = Paginator(listed, NOTICES_PAGE_SIZE).get_page(number)
    return {"page": page, "notices": list(page.object_list)}


def _notices_url(request: HttpRequest) -> str:
    number = request.POST.get("page", "")
    url = reverse("discussions:notices")
    return f"{url}?page={number}" if number.isdigit() and number != "1" else url


def _with_unread_count(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Redraw the navigation's unread count beside the swapped fragment."""
    response.content += render_to_string("base.html#notices-link", {"oob": True}, request).encode()
    return response


@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    """A person's notices, newest first, unread ones marked New until they mark them read."""
    return render(request, NOTICES, _notices_page(request, request.GET.get("page")))


@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(request.user.notices, pk=notice_id)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    if not request.htmx:
        return redirect(_notices_url(request))
    response = render(request, f"{NOTICES}#notice", {"notice": notice})
    message = _("Marked as read.")
    response = trigger_client_event(
        response,
        "colloquy:notice",
        {"id": f"notice-{notice.pk}", "message": message},
        after="settle",
    )
    return _with_unread_count(request, response)


@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    marked = request.user.notices.unread().update(read_at=timezone.now())
    text = ngettext(
        "Marked %(count)d notice as read.", "Marked %(count)d notices as read.", marked
    ) % {"count": marked}
    if not request.htmx:
        messages.success(request, text)
        return redirect(_notices_url(request))
    response = render(
        request, f"{NOTICES}#notices-content", _notices_page(request, request.POST.get("page"))
    )
    response = trigger_client_event(
        response, "colloquy:notice", {"id": "notices-heading", "message": text}, after="settle"
    )
    return _with_unread_count(request, response)
