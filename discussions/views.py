"""The reading page and every comment action; each works inline with HTMX and without JS."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from classroom.access import assignment_for_member, can_moderate
from classroom.models import Assignment

from .access import comment_for_member, ensure_can_change, paragraph_for_member
from .forms import CommentForm
from .models import Comment
from .services import comment_create, comment_edit, comment_withdraw
from .threads import threads_by_paragraph

READING = "discussions/reading.html"


def _reading_url(assignment: Assignment, *, paragraph_id: int, anchor: str) -> str:
    url = reverse("discussions:reading", args=[assignment.course.slug, assignment.pk])
    return f"{url}?open={paragraph_id}#{anchor}"


def _comment_url(comment: Comment) -> str:
    current = comment.paragraph.current()
    url = reverse(
        "discussions:reading", args=[comment.assignment.course.slug, comment.assignment_id]
    )
    if current is None:  # its passage was removed: the comment sits in that section
        return f"{url}#{comment.anchor}"
    return f"{url}?open={current.pk}#{comment.anchor}"


def _opened_paragraph(request: HttpRequest) -> int | None:
    value = request.GET.get("open", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@require_GET
def reading(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for_member(request.user, slug, assignment_id)
    show_all = request.GET.get("all") == "1"
    opened = _opened_paragraph(request)
    paragraph_map = assignment.reading.paragraph_map()
    removed_ids = paragraph_map.removed_ids
    comments = assignment.comments.for_display()
    if not show_all:
        shown = removed_ids + (paragraph_map.ids_leading_to(opened) if opened else [])
        comments = comments.filter(paragraph_id__in=shown)
    counts = assignment.comments.counts_by_paragraph()
    threads = threads_by_paragraph(comments, paragraph_map)
    paragraphs = paragraph_map.current
    for paragraph in paragraphs:
        paragraph.comment_count = sum(
            counts.get(pk, 0) for pk in paragraph_map.ids_leading_to(paragraph.pk)
        )
        paragraph.is_open = show_all or paragraph.pk == opened
        paragraph.entries = threads.get(paragraph.pk, [])
    removed = [paragraph_map.by_id[pk] for pk in removed_ids if pk in threads]
    for paragraph in removed:
        paragraph.entries = threads[paragraph.pk]
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "reading": assignment.reading,
        "paragraphs": paragraphs,
        "removed_passages": removed,
        "show_all": show_all,
        "can_moderate": can_moderate(request.user, assignment.course),
        "form": CommentForm(),
    }
    return render(request, READING, context)


def _discussion_context(assignment: Assignment, paragraph, form=None) -> dict:
    paragraph_map = assignment.reading.paragraph_map()
    comments = assignment.comments.for_display().filter(
        paragraph_id__in=paragraph_map.ids_leading_to(paragraph.pk)
    )
    paragraph.entries = threads_by_paragraph(comments, paragraph_map).get(paragraph.pk, [])
    paragraph.comment_count = sum(1 for entry in paragraph.entries if entry.comment.is_visible)
    return {
        "assignment": assignment,
        "course": assignment.course,
        "paragraph": paragraph,
        "form": form or CommentForm(),
    }


@require_GET
def paragraph_discussion(
    request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int
) -> HttpResponse:
    assignment, paragraph = paragraph_for_member(request.user, slug, assignment_id, paragraph_id)
    if not request.htmx:
        return redirect(
            _reading_url(assignment, paragraph_id=paragraph.pk, anchor=paragraph.anchor)
        )
    return render(request, f"{READING}#discussion", _discussion_context(assignment, paragraph))


@require_POST
def thread_create(
    request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int
) -> HttpResponse:
    assignment, paragraph = paragraph_for_member(request.user, slug, assignment_id, paragraph_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = comment_create(
                author=request.user,
                assignment=assignment,
                paragraph=paragraph,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if request.htmx:
                return _render_new_comment(request, comment)
            return redirect(_comment_url(comment))
    context = {"assignment": assignment, "paragraph": paragraph, "form": form}
    if request.htmx:
        return render(request, f"{READING}#thread-form", context, status=422)
    context["action"] = "start"
    return render(request, "discussions/comment_form.html", context, status=422)


def _render_new_comment(request: HttpRequest, comment: Comment) -> HttpResponse:
    """The new comment's list item, appended where it belongs, plus fresh counts and forms."""
    paragraph = comment.paragraph
    siblings = comment.assignment.reading.paragraph_map().ids_leading_to(paragraph.pk)
    counts = comment.assignment.comments.filter(paragraph_id__in=siblings).counts_by_paragraph()
    paragraph.comment_count = sum(counts.values())
    context = {
        "comment": comment,
        "assignment": comment.assignment,
        "paragraph": paragraph,
        "form": CommentForm(),
    }
    response = render(request, f"{READING}#new-comment", context, status=201)
    target = f"#replies-{comment.parent_id}" if comment.parent_id else f"#threads-{paragraph.pk}"
    return _announce(reswap(retarget(response, target), "beforeend"), comment, "Comment posted.")


def _announce(response: HttpResponse, comment: Comment, message: str) -> HttpResponse:
    """Tell the page which comment changed so it can move focus there and say so."""
    return trigger_client_event(
        response, "colloquy:comment", {"id": comment.pk, "message": message}, after="settle"
    )


@require_GET
def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_for_member(request.user, comment_id)
    if request.htmx:
        return render(request, f"{READING}#comment", {"comment": comment})
    return redirect(_comment_url(comment))


@require_http_methods(["GET", "POST"])
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = comment_for_member(request.user, comment_id)
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reply = comment_create(
                    author=request.user,
                    assignment=parent.assignment,
                    paragraph=parent.paragraph,
                    parent=parent,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if request.htmx:
                    return _render_new_comment(request, reply)
                return redirect(_comment_url(reply))
        status = 422
    context = {"form": form, "parent": parent, "comment": parent, "action": "reply"}
    if request.htmx:
        return render(request, f"{READING}#reply-form", context, status=status)
    return render(request, "discussions/comment_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def comment_edit_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_for_member(request.user, comment_id)
    # Before reading the form, so someone else's comment is a 403 whatever was posted.
    ensure_can_change(comment, request.user)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                comment = comment_edit(
                    comment=comment, editor=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if request.htmx:
                    response = render(request, f"{READING}#comment", {"comment": comment})
                    return _announce(response, comment, "Comment saved.")
                return redirect(_comment_url(comment))
        status = 422
    context = {"form": form, "comment": comment, "action": "edit"}
    if request.htmx:
        return render(request, f"{READING}#edit-form", context, status=status)
    return render(request, "discussions/comment_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def comment_withdraw_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = comment_for_member(request.user, comment_id)
    if request.method == "POST":
        comment = comment_withdraw(comment=comment, author=request.user)
        if request.htmx:
            response = render(request, f"{READING}#comment", {"comment": comment})
            return _announce(response, comment, "Comment withdrawn.")
        return redirect(_comment_url(comment))
    ensure_can_change(comment, request.user)
    context = {"comment": comment, "action": "withdraw"}
    return render(request, "discussions/comment_form.html", context)
