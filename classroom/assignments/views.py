"""Putting a reading into a course as an assignment, and editing it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.access import access_rule
from classroom.access import MANAGER, course_for_manager

from .forms import ASSIGNMENT_SETTINGS, CHECKBOX_FIELDS, AssignmentForm
from .services import assignment_create, assignment_update

# The submit button beside the dates that goes to the course settings to change the zone.
CHANGE_TIME_ZONE = "change_time_zone"


def _typed_key(course, assignment=None) -> str:
    return f"assignment-form-typed:{course.pk}:{assignment.pk if assignment else 'new'}"


def _keep_typed_and_change_time_zone(request: HttpRequest, course, key: str) -> HttpResponse:
    """Keep what was typed in the session and go to the course settings, which come back here
    after saving; the form then starts from what was kept, once."""
    request.session[key] = {
        name: request.POST.getlist(name) for name in ASSIGNMENT_SETTINGS if name in request.POST
    }
    settings_url = reverse("classroom:course_settings", args=[course.slug])
    return redirect(f"{settings_url}?{urlencode({'next': request.path}, safe='/')}")


def _typed_back(request: HttpRequest, key: str, initial: dict) -> dict:
    typed = request.session.pop(key, None)
    if typed is None:
        return initial
    # A box left unticked is missing from what was typed, which means unticked.
    return {
        **initial,
        **dict.fromkeys(CHECKBOX_FIELDS, False),
        **{name: values[0] if len(values) == 1 else values for name, values in typed.items()},
    }


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def assignment_new(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    key = _typed_key(course)
    if CHANGE_TIME_ZONE in request.POST:
        return _keep_typed_and_change_time_zone(request, course, key)
    # Dates are typed, checked and shown in the course's time zone, whatever the server's.
    with timezone.override(course.time_zone):
        initial = _typed_back(request, key, {"reading": request.GET.get("reading")})
        form = AssignmentForm(request.POST or None, owner=request.user, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                assignment = assignment_create(
                    course=course, created_by=request.user, **form.assignment_settings()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Assigned. Students see it on the course page now."))
                return redirect(assignment)
        context = {"course": course, "form": form}
        status = 422 if form.errors else 200
        return render(request, "classroom/assignments/assignment_form.html", context, status=status)


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    assignment = get_object_or_404(course.assignments.with_reading(), pk=assignment_id)
    key = _typed_key(course, assignment)
    if CHANGE_TIME_ZONE in request.POST:
        return _keep_typed_and_change_time_zone(request, course, key)
    with timezone.override(course.time_zone):
        saved = {name: getattr(assignment, name) for name in ASSIGNMENT_SETTINGS}
        initial = _typed_back(request, key, saved)
        form = AssignmentForm(
            request.POST or None, owner=request.user, assignment=assignment, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                assignment_update(
                    assignment=assignment, editor=request.user, **form.assignment_settings()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Assignment saved."))
                return redirect(assignment)
        context = {"course": course, "form": form, "assignment": assignment}
        status = 422 if form.errors else 200
        return render(request, "classroom/assignments/assignment_form.html", context, status=status)
