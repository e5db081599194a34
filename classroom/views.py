"""Courses, joining, the roster and assignments."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import PUBLIC, SIGNED_IN, access_rule

from . import contributions
from .access import (
    MANAGER,
    MEMBER,
    STAFF,
    can_manage,
    can_moderate,
    course_for_manager,
    course_for_member,
    course_for_staff,
    role_in,
)
from .forms import (
    DATE_FIELDS,
    MODERATION_FIELDS,
    SETTING_FIELDS,
    AssignmentForm,
    CourseForm,
    CourseSettingsForm,
    GroupAssignForm,
    GroupForm,
    GroupSplitForm,
    JoinForm,
    RoleForm,
    SignUpForm,
)
from .models import Course, Group, Membership, Role
from .navigation import safe_next_url
from .services import (
    assignment_create,
    assignment_update,
    course_create,
    course_join,
    course_rotate_join_code,
    course_update,
    group_assign,
    group_create,
    group_delete,
    group_rename,
    groups_split_random,
    membership_remove,
    membership_restore,
    membership_set_role,
)


@access_rule(PUBLIC)
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("classroom:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Colloquy! Join a course with your code."))
        return redirect(safe_next_url(request) or "classroom:home")
    return render(request, "registration/signup.html", {"form": form})


@access_rule(SIGNED_IN)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    courses = (
        Course.objects.for_user(request.user)
        .annotate(assignment_count=Count("assignments", distinct=True))
        .order_by("title")
    )
    return render(
        request,
        "classroom/home.html",
        {"courses": courses, "join_form": JoinForm(), "course_form": CourseForm()},
    )


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = course_create(title=form.cleaned_data["title"], instructor=request.user)
        messages.success(
            request,
            _("Course created. Students join with %(code)s.") % {"code": course.join_code},
        )
        return redirect(course)
    return render(request, "classroom/course_new.html", {"form": form})


@access_rule(MEMBER)
@require_http_methods(["GET"])
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_member(request.user, slug)
    is_staff = can_moderate(request.user, course)
    now = timezone.now()
    assignments = list(course.assignments.with_reading().order_by("-created_at"))
    commenters = contributions.commenters(course)
    students = []
    if is_staff:
        students = list(
            course.memberships.active().filter(role=Role.STUDENT).select_related("user")
        )
    for assignment in assignments:
        assignment.opened = assignment.is_open(now)
        assignment.closed = assignment.is_locked(now)
        assignment.has_commented = (assignment.pk, request.user.pk) in commenters
        assignment.student_status = [
            (membership.user, (assignment.pk, membership.user_id) in commenters)
            for membership in students
        ]
        assignment.commented_count = sum(done for _, done in assignment.student_status)
    context = {
        "course": course,
        "assignments": assignments,
        "is_staff": is_staff,
        "can_manage": can_manage(request.user, course),
        "role": role_in(request.user, course),
        "student_count": len(students),
    }
    return render(request, "classroom/course.html", context)


@access_rule(MANAGER)
@require_POST
def join_code_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    course_rotate_join_code(course=course)
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
    return render(request, "classroom/join.html", {"form": form}, status=status)


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def join_link(request: HttpRequest, join_code: str) -> HttpResponse:
    """A link a teacher shares: confirm with one button, so a stray GET never joins anyone."""
    form = JoinForm({"join_code": join_code})
    status = 200
    if request.method == "POST":
        try:
            course = course_join(user=request.user, join_code=join_code)
        except ValidationError as error:
            form.add_error("join_code", error)
            status = 422
        else:
            messages.success(request, _("You're in %(course)s.") % {"course": course.title})
            return redirect(course)
    return render(request, "classroom/join.html", {"form": form, "from_link": True}, status=status)


@access_rule(MANAGER)
@require_http_methods(["GET"])
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    memberships = course.memberships.select_related("user").annotate(
        comment_count=contributions.comment_count(course)
    )
    join_url = request.build_absolute_uri(course.join_url)
    context = {"course": course, "memberships": memberships, "roles": Role.choices}
    return render(request, "classroom/roster.html", {**context, "join_url": join_url})


def _membership_for_manager(request: HttpRequest, slug: str, membership_id: int) -> Membership:
    course = course_for_manager(request.user, slug)
    return get_object_or_404(Membership, pk=membership_id, course=course)


def _roster_action(request: HttpRequest, membership: Membership, action, **kwargs):
    try:
        action(membership=membership, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Updated %(name)s.") % {"name": membership.user.public_name})
    course = membership.course
    # Someone who just handed over their own instructor role can no longer see the roster.
    course.__dict__.pop("_membership_cache", None)
    if not can_manage(request.user, course):
        return redirect(course)
    return redirect("classroom:roster", slug=course.slug)


@access_rule(MANAGER)
@require_POST
def membership_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership_for_manager(request, slug, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
        return redirect("classroom:roster", slug=slug)
    return _roster_action(request, membership, membership_set_role, role=form.cleaned_data["role"])


@access_rule(MANAGER)
@require_POST
def membership_remove_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership_for_manager(request, slug, membership_id)
    return _roster_action(request, membership, membership_remove)


@access_rule(MANAGER)
@require_POST
def membership_restore_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership_for_manager(request, slug, membership_id)
    return _roster_action(request, membership, membership_restore)


def _assignment_settings(form: AssignmentForm) -> dict:
    return {name: form.cleaned_data[name] for name in ASSIGNMENT_SETTINGS}


ASSIGNMENT_SETTINGS = ("reading", "instructions", *DATE_FIELDS, *SETTING_FIELDS, *MODERATION_FIELDS)


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
                    course=course, created_by=request.user, **_assignment_settings(form)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Assigned. Students see it on the course page now."))
                return redirect(assignment)
        context = {"course": course, "form": form}
        status = 422 if form.errors else 200
        return render(request, "classroom/assignment_form.html", context, status=status)


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
                    assignment=assignment, editor=request.user, **_assignment_settings(form)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Assignment saved."))
                return redirect(assignment)
        context = {"course": course, "form": form, "assignment": assignment}
        status = 422 if form.errors else 200
        return render(request, "classroom/assignment_form.html", context, status=status)


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
    if request.method == "POST" and form.is_valid():
        try:
            course_update(course=course, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Course settings saved."))
            return redirect(course)
    status = 422 if form.errors else 200
    context = {"course": course, "form": form}
    return render(request, "classroom/course_settings.html", context, status=status)


# --- Groups ---


def _groups_page(
    request: HttpRequest,
    course: Course,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    create_form: GroupForm | None = None,
    split_form: GroupSplitForm | None = None,
    rename: tuple[int, GroupForm] | None = None,
) -> HttpResponse:
    student_memberships = Membership.objects.active().filter(role=Role.STUDENT)
    groups = list(
        course.groups.annotate(
            has_discussed=Q(pk__in=contributions.groups_with_comments(course))
        ).prefetch_related(
            Prefetch(
                "memberships",
                queryset=student_memberships.select_related("user"),
                to_attr="students",
            )
        )
    )
    for group in groups:
        group.rename_form = GroupForm(initial={"name": group.name})
        if rename and rename[0] == group.pk:
            group.rename_form = rename[1]
    students = list(student_memberships.filter(course=course).select_related("user"))
    context = {
        "course": course,
        "groups": groups,
        "students": students,
        "ungrouped_count": sum(1 for membership in students if membership.group_id is None),
        "errors": errors or [],
        "create_form": create_form or GroupForm(),
        "split_form": split_form or GroupSplitForm(),
    }
    return render(request, "classroom/groups.html", context, status=status)


def _group_for_staff(request: HttpRequest, slug: str, group_id: int) -> Group:
    course = course_for_staff(request.user, slug)
    return get_object_or_404(Group.objects.select_related("course"), pk=group_id, course=course)


@access_rule(STAFF)
@require_GET
def group_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _groups_page(request, course_for_staff(request.user, slug))


@access_rule(STAFF)
@require_POST
def group_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            group = group_create(course=course, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Created %(name)s.") % {"name": group.name})
            return redirect("classroom:groups", slug=course.slug)
    return _groups_page(request, course, status=422, create_form=form)


@access_rule(STAFF)
@require_POST
def group_rename_view(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    group = _group_for_staff(request, slug, group_id)
    old_name = group.name
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            group_rename(group=group, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Renamed %(old)s to %(new)s.") % {"old": old_name, "new": group.name}
            )
            return redirect("classroom:groups", slug=group.course.slug)
    return _groups_page(request, group.course, status=422, rename=(group.pk, form))


@access_rule(STAFF)
@require_POST
def group_delete_view(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    group = _group_for_staff(request, slug, group_id)
    try:
        group_delete(group=group)
    except ValidationError as error:
        return _groups_page(request, group.course, status=422, errors=error.messages)
    messages.success(
        request, _("Deleted %(name)s; its members are in no group now.") % {"name": group.name}
    )
    return redirect("classroom:groups", slug=group.course.slug)


@access_rule(STAFF)
@require_POST
def group_assign_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, course=course
    )
    form = GroupAssignForm(request.POST, course=course)
    if not form.is_valid():
        return _groups_page(request, course, status=422, errors=list(form["group"].errors))
    try:
        group_assign(membership=membership, group=form.cleaned_data["group"])
    except ValidationError as error:
        return _groups_page(request, course, status=422, errors=error.messages)
    group = membership.group
    name = membership.user.public_name
    if group:
        message = _("%(name)s is in %(group)s now.") % {"name": name, "group": group.name}
    else:
        message = _("%(name)s is in no group now.") % {"name": name}
    messages.success(request, message)
    return redirect("classroom:groups", slug=course.slug)


@access_rule(STAFF)
@require_POST
def groups_split(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    form = GroupSplitForm(request.POST)
    if form.is_valid():
        try:
            made = groups_split_random(
                course=course,
                size=form.cleaned_data["size"],
                regroup_all=form.cleaned_data["regroup_all"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sizes = ", ".join(str(group.memberships.count()) for group in made)
            messages.success(
                request,
                ngettext(
                    "Made %(count)d group at random (%(sizes)s students).",
                    "Made %(count)d groups at random (%(sizes)s students).",
                    len(made),
                )
                % {"count": len(made), "sizes": sizes},
            )
            return redirect("classroom:groups", slug=course.slug)
    return _groups_page(request, course, status=422, split_form=form)
