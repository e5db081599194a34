"""Putting a reading into a course as an assignment, and editing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.access import access_rule
from classroom.access import MANAGER, course_for_manager

from .forms import ASSIGNMENT_SETTINGS, AssignmentForm
from .services import assignment_create, assignment_update


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def assignment_new(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    # Dates are typed, checked and shown in the course's time zone, whatever the server's.
    with timezone.override(course.time_zone):
        initial = {"reading": request.GET.get("reading")}
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
    with timezone.override(course.time_zone):
        initial = {name: getattr(assignment, name) for name in ASSIGNMENT_SETTINGS}
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
