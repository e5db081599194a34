"""Participation: the class table, rubric and CSV for staff, each student's own explanation,
and the staff overview of where the talk is."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from classroom.access import assignment_for_member, can_moderate
from classroom.models import Assignment
from discussions.exports import csv_download
from discussions.models import Criterion

from .activity import paragraph_activity
from .forms import ParticipationRubricForm
from .grades_csv import csv_header, csv_row
from .rubric import rubric_for, rubric_update
from .scores import explain, participation_for


def _assignment_for_staff(user, slug: str, assignment_id: int) -> Assignment:
    assignment = assignment_for_member(user, slug, assignment_id)
    if not can_moderate(user, assignment.course):
        raise PermissionDenied(
            _("Only instructors and teaching assistants can see the class's participation.")
        )
    return assignment


def _participation_url(assignment: Assignment) -> str:
    return reverse("discussions:participation", args=[assignment.course.slug, assignment.pk])


@require_GET
def participation(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = _assignment_for_staff(request.user, slug, assignment_id)
    rubric = rubric_for(assignment)
    people = participation_for(assignment, rubric=rubric)
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "rubric": rubric,
        "criteria": [
            (criterion, rubric.weight(criterion), rubric.cap(criterion)) for criterion in Criterion
        ],
        "people": people,
        "silent": sum(1 for person in people if not person.posts),
    }
    return render(request, "discussions/participation/participation.html", context)


@require_GET
def participation_student(
    request: HttpRequest, slug: str, assignment_id: int, student_id: int
) -> HttpResponse:
    """Staff see any student's explanation; a student sees only their own."""
    assignment = assignment_for_member(request.user, slug, assignment_id)
    is_staff = can_moderate(request.user, assignment.course)
    if not is_staff and student_id != request.user.pk:
        raise Http404("No such student.")
    person = explain(assignment, student_id)
    if person is None:
        raise Http404("No such student.")
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "person": person,
        "is_staff": is_staff,
        "own": person.student.pk == request.user.pk,
    }
    return render(request, "discussions/participation/student.html", context)


@require_GET
def participation_csv(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = _assignment_for_staff(request.user, slug, assignment_id)
    filename = f"participation-{assignment.course.slug}-{assignment.pk}.csv"
    response, writer = csv_download(filename)
    writer.writerow(csv_header(assignment))
    for person in participation_for(assignment):
        writer.writerow(csv_row(assignment, person))
    return response


@require_http_methods(["GET", "POST"])
def participation_rubric(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = _assignment_for_staff(request.user, slug, assignment_id)
    rubric = rubric_for(assignment)
    form = ParticipationRubricForm(
        request.POST if request.method == "POST" else None, instance=rubric
    )
    if request.method == "POST" and form.is_valid():
        try:
            rubric_update(assignment=assignment, editor=request.user, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rubric saved. Every score below uses it now."))
            return redirect(_participation_url(assignment))
    status = 422 if request.method == "POST" else 200
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "form": form,
        "rubric": rubric,
    }
    return render(request, "discussions/participation/rubric.html", context, status=status)


@require_GET
def activity(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = _assignment_for_staff(request.user, slug, assignment_id)
    paragraphs = paragraph_activity(assignment)
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "paragraphs": paragraphs,
        "busiest": max((entry.posts for entry in paragraphs), default=0),
        "total": sum(entry.posts for entry in paragraphs),
    }
    return render(request, "discussions/participation/activity.html", context)
