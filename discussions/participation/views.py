"""Participation: the class table, rubric and CSV for staff, each student's own explanation,
and the staff overview of where the talk is."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from articles.access import access_rule
from classroom.access import MEMBER, STAFF, allows, assignment_for
from classroom.models import Assignment
from discussions.exports import csv_download
from discussions.models import Criterion

from .activity import paragraph_activity
from .forms import ParticipationRubricForm
from .grades_csv import csv_header, csv_row
from .rubric import rubric_for, rubric_update
from .scores import explain, participation_for


def _participation_url(assignment: Assignment) -> str:
    return reverse("discussions:participation", args=[assignment.course.slug, assignment.pk])


@access_rule(STAFF)
@require_GET
def participation(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
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


@access_rule(MEMBER)
@require_GET
def participation_student(
    request: HttpRequest, slug: str, assignment_id: int, student_id: int
) -> HttpResponse:
    """Staff see any student's explanation; a student sees only their own."""
    assignment = assignment_for(request.user, slug, assignment_id, MEMBER)
    is_staff = allows(STAFF, request.user, assignment.course)
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


@access_rule(STAFF)
@require_GET
def participation_csv(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    filename = f"participation-{assignment.course.slug}-{assignment.pk}.csv"
    response, writer = csv_download(filename)
    writer.writerow(csv_header(assignment))
    for person in participation_for(assignment):
        writer.writerow(csv_row(assignment, person))
    return response


@access_rule(STAFF)
@require_http_methods(["GET", "POST"])
def participation_rubric(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
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


@access_rule(STAFF)
@require_GET
def activity(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    paragraphs = paragraph_activity(assignment)
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "paragraphs": paragraphs,
        "busiest": max((entry.posts for entry in paragraphs), default=0),
        "total": sum(entry.posts for entry in paragraphs),
    }
    return render(request, "discussions/participation/activity.html", context)
