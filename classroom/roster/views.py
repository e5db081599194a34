"""The roster page and what a manager does on it: change a role, remove, restore."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from articles.access import access_rule
from classroom.access import MANAGER, can_manage, course_for_manager
from classroom.invitations.forms import InvitationForm
from classroom.models import Membership

from .forms import ROLE_CHOICES, RoleForm, StudentNumberForm, role_choice
from .selectors import roster_memberships
from .services import (
    membership_remove,
    membership_restore,
    membership_set_role,
    membership_set_student_number,
)


@access_rule(MANAGER)
@require_http_methods(["GET"])
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    join_url = request.build_absolute_uri(course.join_url)
    memberships = list(roster_memberships(course))
    for membership in memberships:
        membership.role_choice = role_choice(membership)
    context = {
        "course": course,
        "memberships": memberships,
        "roles": ROLE_CHOICES,
        "join_url": join_url,
        "invite_form": InvitationForm(),
    }
    return render(request, "classroom/roster/roster.html", context)


def _membership_for_manager(request: HttpRequest, slug: str, membership_id: int) -> Membership:
    course = course_for_manager(request.user, slug)
    return get_object_or_404(Membership, pk=membership_id, course=course)


def _roster_action(request: HttpRequest, membership: Membership, action, **kwargs):
    try:
        action(membership=membership, actor=request.user, **kwargs)
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
    in_group = membership.group_id is not None
    response = _roster_action(
        request,
        membership,
        membership_set_role,
        role=form.chosen_role,
        graded_as_student=form.graded_as_student,
    )
    if in_group and membership.group_id is None:
        messages.info(
            request,
            _(
                "%(name)s is no longer in a group: teaching assistants and instructors see "
                "and speak to every group."
            )
            % {"name": membership.user.public_name},
        )
    return response


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


@access_rule(MANAGER)
@require_POST
def membership_student_number(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership_for_manager(request, slug, membership_id)
    form = StudentNumberForm(request.POST, instance=membership)
    if not form.is_valid():
        # The roster lists everyone; the message names the row so the typed ID is not lost.
        messages.error(
            request,
            _("Student ID of %(name)s not saved (you typed “%(typed)s”): %(problem)s")
            % {
                "name": membership.user.public_name,
                "typed": request.POST.get("student_number", ""),
                "problem": " ".join(form.errors["student_number"]),
            },
        )
        return redirect("classroom:roster", slug=slug)
    return _roster_action(
        request,
        membership,
        membership_set_student_number,
        student_number=form.cleaned_data["student_number"],
    )
