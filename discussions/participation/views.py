"""Participation: the class table, rubric and CSV for staff, scores set by hand, each
student's own explanation, the course gradebook and its export, and the staff overview of
where the talk is."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import access_rule
from classroom.access import MEMBER, STAFF, allows, assignment_for, course_for_staff
from classroom.lti.models import AssignmentLink
from classroom.models import Assignment
from classroom.spreadsheets import csv_download

from . import gradebook_csv
from .activity import paragraph_activity
from .forms import ParticipationRubricForm, ScoreOverrideForm
from .grades_csv import csv_header, csv_row
from .overrides import score_override_clear, score_override_set
from .rubric import rubric_for, rubric_update
from .scores import StudentParticipation, course_gradebook, explain, participation_for


def _participation_url(assignment: Assignment) -> str:
    return reverse("discussions:participation", args=[assignment.course.slug, assignment.pk])


@access_rule(STAFF)
@require_GET
def participation(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    rubric = rubric_for(assignment)
    people = participation_for(assignment, rubric=rubric)
    criteria = [
        (criterion, rubric.weight(criterion), rubric.cap(criterion))
        for criterion in rubric.scored_criteria
    ]
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "rubric": rubric,
        "criteria": criteria,
        # The student, each criterion, late posts, posts too short to count, the score.
        "column_count": len(criteria) + 3 + bool(rubric.min_words),
        "people": people,
        "silent": sum(1 for person in people if not person.posts),
        "in_lms": AssignmentLink.objects.filter(assignment=assignment).exists(),
    }
    return render(request, "discussions/participation/participation.html", context)


def _student_page(
    request: HttpRequest,
    assignment: Assignment,
    person: StudentParticipation,
    *,
    override_form: ScoreOverrideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A graded member's explanation; staff also get the form to set the score by hand
    (never on their own)."""
    is_staff = allows(STAFF, request.user, assignment.course)
    own = person.student.pk == request.user.pk
    if is_staff and not own and override_form is None:
        initial = {
            "score": person.score,
            "reason": person.override.reason if person.override else "",
        }
        override_form = ScoreOverrideForm(initial=initial, points_possible=person.points_possible)
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "person": person,
        "is_staff": is_staff,
        "own": own,
        "override_form": override_form if is_staff and not own else None,
    }
    return render(request, "discussions/participation/student.html", context, status=status)


def _graded_person(request: HttpRequest, assignment: Assignment, student_id: int):
    """Staff see any graded member; a student sees only themselves."""
    if not allows(STAFF, request.user, assignment.course) and student_id != request.user.pk:
        raise Http404("No such student.")
    person = explain(assignment, student_id)
    if person is None:
        raise Http404("No such student.")
    return person


def _student_url(assignment: Assignment, person: StudentParticipation) -> str:
    return reverse(
        "discussions:participation_student",
        args=[assignment.course.slug, assignment.pk, person.student.pk],
    )


@access_rule(MEMBER)
@require_GET
def participation_student(
    request: HttpRequest, slug: str, assignment_id: int, student_id: int
) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, MEMBER)
    return _student_page(request, assignment, _graded_person(request, assignment, student_id))


@access_rule(STAFF)
@require_POST
def participation_override(
    request: HttpRequest, slug: str, assignment_id: int, student_id: int
) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    person = _graded_person(request, assignment, student_id)
    form = ScoreOverrideForm(request.POST, points_possible=person.points_possible)
    if form.is_valid():
        try:
            score_override_set(
                assignment=assignment,
                person=person,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Score of %(name)s set by hand. The rubric's score stays shown beside it.")
                % {"name": person.student.public_name},
            )
            return redirect(_student_url(assignment, person) + "#score")
    return _student_page(request, assignment, person, override_form=form, status=422)


@access_rule(STAFF)
@require_POST
def participation_override_clear(
    request: HttpRequest, slug: str, assignment_id: int, student_id: int
) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    person = _graded_person(request, assignment, student_id)
    score_override_clear(assignment=assignment, person=person, actor=request.user)
    messages.success(
        request,
        _("%(name)s's score is the rubric's again.") % {"name": person.student.public_name},
    )
    return redirect(_student_url(assignment, person) + "#score")


@access_rule(STAFF)
@require_GET
def participation_csv(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    filename = f"participation-{assignment.course.slug}-{assignment.pk}.csv"
    response, writer = csv_download(filename)
    rubric = rubric_for(assignment)
    writer.writerow(csv_header(assignment, rubric))
    for person in participation_for(assignment, rubric=rubric):
        writer.writerow(csv_row(assignment, rubric, person))
    return response


@access_rule(STAFF)
@require_GET
def gradebook(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    context = {"course": course, "gradebook": course_gradebook(course)}
    return render(request, "discussions/participation/gradebook.html", context)


@access_rule(STAFF)
@require_GET
def gradebook_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole course's scores, one row per graded member, for a school gradebook."""
    course = course_for_staff(request.user, slug)
    today = timezone.localdate(timezone=ZoneInfo(course.time_zone))
    response, writer = csv_download(f"grades-{course.slug}-{today.isoformat()}.csv")
    writer.writerows(gradebook_csv.rows(course_gradebook(course)))
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
