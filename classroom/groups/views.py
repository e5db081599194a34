"""The groups page and what staff do on it: make, rename, delete, put students in, split."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from articles.access import access_rule
from classroom.access import STAFF, course_for_staff
from classroom.models import Course, Group

from .forms import GroupAssignForm, GroupForm, GroupSplitForm
from .selectors import course_students, group_in, groups_with_students, membership_in
from .services import group_assign, group_create, group_delete, group_rename, groups_split_random


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
    groups = groups_with_students(course)
    for group in groups:
        group.rename_form = GroupForm(initial={"name": group.name})
        if rename and rename[0] == group.pk:
            group.rename_form = rename[1]
    students = course_students(course)
    context = {
        "course": course,
        "groups": groups,
        "students": students,
        "ungrouped_count": sum(1 for membership in students if membership.group_id is None),
        "errors": errors or [],
        "create_form": create_form or GroupForm(),
        "split_form": split_form or GroupSplitForm(),
    }
    return render(request, "classroom/groups/groups.html", context, status=status)


def _group_for_staff(request: HttpRequest, slug: str, group_id: int) -> Group:
    return group_in(course_for_staff(request.user, slug), group_id)


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
    membership = membership_in(course, membership_id)
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
