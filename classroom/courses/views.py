"""The home page, making a course, its page and settings, joining it and its join code."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import PUBLIC, SIGNED_IN, TEACHER, access_rule
from articles.navigation import safe_next_url
from classroom.access import (
    MANAGER,
    MEMBER,
    can_manage,
    can_moderate,
    can_view,
    course_for_manager,
    course_for_member,
    role_in,
)
from classroom.models import Course

from .forms import CourseForm, CourseSettingsForm, JoinForm
from .selectors import course_assignments, course_by_join_code, instructor_names
from .services import course_create, course_join, course_rotate_join_code, course_update


@access_rule(SIGNED_IN)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.for_user(request.user).with_assignment_count().order_by("title")
    return render(
        request,
        "classroom/courses/home.html",
        {"courses": courses, "join_form": JoinForm(), "course_form": CourseForm()},
    )


@access_rule(TEACHER)
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = course_create(instructor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Course created. Students join with %(code)s.") % {"code": course.join_code},
        )
        return redirect(course)
    status = 422 if form.errors else 200
    return render(request, "classroom/courses/course_new.html", {"form": form}, status=status)


@access_rule(MEMBER)
@require_http_methods(["GET"])
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_member(request.user, slug)
    is_staff = can_moderate(request.user, course)
    students = list(course.memberships.students()) if is_staff else []
    context = {
        "course": course,
        "assignments": course_assignments(course, request.user, students),
        "is_staff": is_staff,
        "can_manage": can_manage(request.user, course),
        "role": role_in(request.user, course),
        "student_count": len(students),
    }
    return render(request, "classroom/courses/course.html", context)


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def course_settings(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    initial = {
        "title": course.title,
        "time_zone": course.time_zone,
        "premoderation": course.premoderation,
        "new_student_days": course.new_student_days,
    }
    form = CourseSettingsForm(request.POST or None, initial=initial)
    # The assignment form sends the teacher here to change the zone, then back (?next=).
    back_to = safe_next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            course_update(course=course, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Course settings saved."))
            return redirect(back_to or course)
    status = 422 if form.errors else 200
    context = {"course": course, "form": form, "back_to": back_to}
    return render(request, "classroom/courses/course_settings.html", context, status=status)


@access_rule(MANAGER)
@require_POST
def join_code_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    course_rotate_join_code(course=course, actor=request.user)
    messages.success(
        request,
        _("New join code: %(code)s. The old code no longer works.") % {"code": course.join_code},
    )
    return redirect("classroom:roster", slug=course.slug)


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_join(user=request.user, join_code=form.cleaned_data["join_code"])
        except ValidationError as error:
            form.add_error("join_code", error)
        else:
            messages.success(request, _("You're in %(course)s.") % {"course": course.title})
            return redirect(course)
    status = 422 if form.errors else 200
    return render(request, "classroom/courses/join.html", {"form": form}, status=status)


@access_rule(PUBLIC)
@require_http_methods(["GET", "POST"])
def join_link(request: HttpRequest, join_code: str) -> HttpResponse:
    """A link a teacher shares. It names the course and its teachers before anyone signs in;
    joining takes one button, so a stray GET (a link preview, a prefetch) never joins anyone.
    Signing up or logging in from here comes back here."""
    course = course_by_join_code(join_code)
    if course is None:
        # A rotated or mistyped link: say what to do rather than a bare "not found".
        return render(request, "classroom/courses/join_link_gone.html", status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            course_join(user=request.user, join_code=join_code)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You're in %(course)s.") % {"course": course.title})
            return redirect(course)
    context = {
        "course": course,
        "teachers": instructor_names(course),
        "is_member": request.user.is_authenticated and can_view(request.user, course),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "classroom/courses/join_link.html", context, status=status)
