"""Staff pages for the record and the rules: the audit log and its CSV, a comment's
revision history, and the watched-word lists. The record pages only read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from classroom.access import can_manage, can_moderate, can_view, course_for_staff
from classroom.models import Assignment, Course

from .access import comment_for_member
from .audit import comment_audit, comment_versions, course_audit, csv_header, csv_rows
from .audit_forms import AuditFilterForm, WatchedWordForm
from .models import Comment, WatchedWord
from .participation import csv_download
from .watched_words import (
    course_watched_words,
    ensure_may_manage_list,
    site_watched_words,
    watched_word_add,
    watched_word_remove,
)

AUDIT_PAGE_SIZE = 50


@require_GET
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    filters = AuditFilterForm(request.GET)
    kind = filters.kind_or_all()
    page = Paginator(course_audit(course, kind=kind), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"course": course, "filters": filters, "kind": kind, "page": page}
    return render(request, "discussions/audit/log.html", context)


@require_GET
def audit_csv(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    kind = AuditFilterForm(request.GET).kind_or_all()
    filename = f"audit-{course.slug}{f'-{kind}' if kind else ''}.csv"
    response, writer = csv_download(filename)
    writer.writerow(csv_header(course))

    def comment_url(comment_id: int) -> str:
        return request.build_absolute_uri(reverse("discussions:comment_history", args=[comment_id]))

    writer.writerows(
        csv_rows(course_audit(course, kind=kind), course=course, comment_url=comment_url)
    )
    return response


def _comment_for_history(user, comment_id: int) -> tuple[Comment, bool]:
    """The comment and whether the person sees it as staff. Staff of its course see every
    comment's history; its author sees their own; anyone else who can read it is told no."""
    assignment = Assignment.objects.with_reading().filter(comments__pk=comment_id).first()
    if assignment is None or not can_view(user, assignment.course):
        raise Http404("No such comment.")
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=comment_id)
    comment.assignment = assignment
    if can_moderate(user, assignment.course):
        return comment, True
    if comment.author_id == user.pk:
        return comment, False
    comment_for_member(user, comment_id)  # a 404 for a comment this person cannot read
    raise PermissionDenied(
        _(
            "Only the author and the course's instructors and teaching assistants can see "
            "a comment's earlier wording."
        )
    )


@require_GET
def comment_history(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, is_staff = _comment_for_history(request.user, comment_id)
    versions = comment_versions(comment)
    context = {
        "comment": comment,
        "assignment": comment.assignment,
        "course": comment.assignment.course,
        "versions": list(reversed(versions)),
        "actions": comment_audit(comment),
        "is_staff": is_staff,
    }
    return render(request, "discussions/audit/history.html", context)


# --- Watched words ---


def _watched_words_page(
    request: HttpRequest, *, course: Course | None, form: WatchedWordForm, status: int = 200
) -> HttpResponse:
    if course is None:
        entries, site_entries = site_watched_words(), None
        may_change = request.user.is_site_admin
    else:
        entries, site_entries = course_watched_words(course), site_watched_words()
        may_change = can_manage(request.user, course)
    context = {
        "course": course,
        "entries": entries,
        "site_entries": site_entries,
        "form": form,
        "may_change": may_change,
    }
    return render(request, "discussions/audit/watched_words.html", context, status=status)


def _add_watched_word(request: HttpRequest, course: Course | None, done_url: str):
    ensure_may_manage_list(request.user, course)
    form = WatchedWordForm(request.POST)
    if form.is_valid():
        try:
            entry = watched_word_add(
                course=course,
                phrase=form.cleaned_data["phrase"],
                whole_word=form.cleaned_data["whole_word"],
                action=form.cleaned_data["action"],
                added_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Now watching for “%(phrase)s”.") % {"phrase": entry.phrase}
            )
            return redirect(done_url)
    return _watched_words_page(request, course=course, form=form, status=422)


def _remove_watched_word(request: HttpRequest, entry: WatchedWord, done_url: str):
    watched_word_remove(entry=entry, removed_by=request.user)
    messages.success(request, _("No longer watching for “%(phrase)s”.") % {"phrase": entry.phrase})
    return redirect(done_url)


@require_http_methods(["GET", "POST"])
def watched_words(request: HttpRequest, slug: str) -> HttpResponse:
    """Instructors keep the course's list; teaching assistants may read it."""
    course = course_for_staff(request.user, slug)
    if request.method == "POST":
        return _add_watched_word(request, course, request.path)
    return _watched_words_page(request, course=course, form=WatchedWordForm())


@require_POST
def watched_word_remove_view(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    entry = get_object_or_404(course_watched_words(course), pk=entry_id)
    return _remove_watched_word(
        request, entry, reverse("discussions:watched_words", args=[course.slug])
    )


def _ensure_site_admin(user) -> None:
    if not user.is_site_admin:
        raise PermissionDenied(_("Only site administrators manage the site-wide watched words."))


@require_http_methods(["GET", "POST"])
def site_watched_words_view(request: HttpRequest) -> HttpResponse:
    _ensure_site_admin(request.user)
    if request.method == "POST":
        return _add_watched_word(request, None, request.path)
    return _watched_words_page(request, course=None, form=WatchedWordForm())


@require_POST
def site_watched_word_remove_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    _ensure_site_admin(request.user)
    entry = get_object_or_404(site_watched_words(), pk=entry_id)
    return _remove_watched_word(request, entry, reverse("discussions:site_watched_words"))
