"""The watched-word lists: a course's (its instructors keep it, teaching assistants read it)
and the site-wide one (site administrators). A course's list and its Add form are two views,
so each declares who may use it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import SITE_ADMIN, access_rule
from classroom.access import MANAGER, STAFF, can_manage, course_for
from classroom.models import Course
from discussions.models import WatchedWord

from .forms import WatchedWordForm
from .watched_words import (
    course_watched_words,
    ensure_may_manage_list,
    site_watched_words,
    watched_word_add,
    watched_word_remove,
)


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
    return render(request, "discussions/moderation/watched_words.html", context, status=status)


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


def _course_list_url(course: Course) -> str:
    return reverse("discussions:watched_words", args=[course.slug])


@access_rule(STAFF)
@require_GET
def watched_words(request: HttpRequest, slug: str) -> HttpResponse:
    """Instructors keep the course's list; teaching assistants may read it."""
    course = course_for(request.user, slug, STAFF)
    return _watched_words_page(request, course=course, form=WatchedWordForm())


@access_rule(MANAGER)
@require_POST
def watched_word_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for(request.user, slug, MANAGER)
    return _add_watched_word(request, course, _course_list_url(course))


@access_rule(MANAGER)
@require_POST
def watched_word_remove_view(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    course = course_for(request.user, slug, MANAGER)
    entry = get_object_or_404(course_watched_words(course), pk=entry_id)
    return _remove_watched_word(request, entry, _course_list_url(course))


@require_http_methods(["GET", "POST"])
@access_rule(SITE_ADMIN)  # below the method check, so a wrong method is a 405 for everyone
def site_watched_words_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _add_watched_word(request, None, request.path)
    return _watched_words_page(request, course=None, form=WatchedWordForm())


@require_POST
@access_rule(SITE_ADMIN)  # below the method check, so a GET is a 405 for everyone
def site_watched_word_remove_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(site_watched_words(), pk=entry_id)
    return _remove_watched_word(request, entry, reverse("discussions:site_watched_words"))
