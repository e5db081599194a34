"""The LMS pages: what went to the LMS gradebook and sending it again, and the Deep Linking
picker an instructor sees inside the LMS when adding Colloquy to a module."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import access_rule
from classroom.access import MANAGER, STAFF, assignment_for
from classroom.assignments.forms import AssignmentForm
from classroom.assignments.services import assignment_create
from discussions.models import GradeSend
from discussions.participation.scores import participation_for

from .deep_linking import deep_linking_answer, deep_linking_launch
from .grade_passback import lms_link
from .tasks import send_grades


@access_rule(STAFF)
@require_GET
def lms_grades(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    return _grades_page(request, assignment)


@access_rule(MANAGER)
@require_POST
def lms_grades_send(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, MANAGER)
    if lms_link(assignment) is None:
        refusal = _(
            "This assignment is not linked to an LMS gradebook column, so there is "
            "nowhere to send its grades. Add it to the LMS course first."
        )
        return _grades_page(request, assignment, refusal=refusal, status=409)
    send_grades.enqueue(assignment.pk, request.user.pk)
    messages.success(
        request,
        _("Grades are on their way to the LMS. This page shows each answer as it comes in."),
    )
    return redirect("lms:grades", assignment.course.slug, assignment.pk)


def _grades_page(request, assignment, *, refusal: str = "", status: int = 200) -> HttpResponse:
    latest = GradeSend.objects.latest_by_student(assignment)
    people = [(person, latest.get(person.student.pk)) for person in participation_for(assignment)]
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "link": lms_link(assignment),
        "people": people,
        "refusal": refusal,
        "waiting": any(
            row is not None
            and row.outcome in (GradeSend.Outcome.QUEUED, GradeSend.Outcome.RETRYING)
            for _person, row in people
        ),
    }
    return render(request, "discussions/lms/grades.html", context, status=status)


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def deep_linking(request: HttpRequest, launch_id: str) -> HttpResponse:
    """Inside the LMS: choose a reading and the assignment's settings; Colloquy makes the
    assignment and hands the LMS a signed link to it, with its gradebook column."""
    launch = deep_linking_launch(request, launch_id)
    # Dates are typed and read in the course's time zone, as on the assignment form.
    with timezone.override(launch.course.time_zone):
        form = AssignmentForm(request.POST or None, owner=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                assignment = assignment_create(
                    course=launch.course, created_by=request.user, **form.assignment_settings()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return deep_linking_answer(request, launch, assignment)
        context = {"course": launch.course, "form": form, "launch": launch}
        status = 422 if form.errors else 200
        return render(request, "discussions/lms/deep_linking.html", context, status=status)
