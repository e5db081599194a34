"""The roster page and what a manager does on it: change a role, remove, restore, import a
class list and download the roster."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from articles.access import access_rule
from classroom.access import MANAGER, can_manage, course_for_manager
from classroom.invitations.forms import InvitationForm
from classroom.lti.roster_sync import RosterSync, roster_link, roster_sync
from classroom.models import Course, Membership
from classroom.spreadsheets import csv_download

from . import roster_csv
from .class_list import (
    ClassListPlan,
    ClassListRefused,
    ListedPerson,
    class_list_check,
    class_list_sign,
    class_list_unsign,
)
from .forms import ROLE_CHOICES, ClassListForm, RoleForm, StudentNumberForm, role_choice
from .selectors import roster_memberships
from .services import (
    ClassListImported,
    ClassListNotImported,
    class_list_import,
    membership_remove,
    membership_restore,
    membership_set_role,
    membership_set_student_number,
)

CLASS_LIST_IMPORT = "classroom/roster/class_list_import.html"
CLASS_LIST_PREVIEW = "classroom/roster/class_list_preview.html"


@access_rule(MANAGER)
@require_http_methods(["GET"])
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    return _roster_page(request, course)


def _roster_page(
    request: HttpRequest, course: Course, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    lms_link = roster_link(course)
    lms_issuer = lms_link.deployment.platform.issuer if lms_link else ""
    memberships = list(roster_memberships(course, lms_issuer=lms_issuer))
    for membership in memberships:
        membership.role_choice = role_choice(membership)
    from_lms = [m for m in memberships if lms_link and m.from_lms and m.removed_at is None]
    context = {
        "course": course,
        "memberships": memberships,
        "roles": ROLE_CHOICES,
        "join_url": request.build_absolute_uri(course.join_url),
        "invite_form": InvitationForm(),
        "class_list_form": ClassListForm(),
        "lms_link": lms_link,
        "from_lms_count": len(from_lms),
        "never_launched_count": sum(membership.never_launched for membership in from_lms),
        "refusal": refusal,
    }
    return render(request, "classroom/roster/roster.html", context, status=status)


def _membership_for_manager(request: HttpRequest, slug: str, membership_id: int) -> Membership:
    course = course_for_manager(request.user, slug)
    return get_object_or_404(Membership, pk=membership_id, course=course)


def _back_to_roster(request: HttpRequest, course: Course) -> HttpResponse:
    # Someone who just handed over their own instructor role can no longer see the roster.
    course.__dict__.pop("_membership_cache", None)
    if not can_manage(request.user, course):
        return redirect(course)
    return redirect("classroom:roster", slug=course.slug)


def _roster_action(request: HttpRequest, membership: Membership, action, **kwargs):
    try:
        action(membership=membership, actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Updated %(name)s.") % {"name": membership.user.public_name})
    return _back_to_roster(request, membership.course)


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


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def class_list_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a class list; the answer is its preview, or the form with why it was refused."""
    course = course_for_manager(request.user, slug)
    if request.method != "POST":
        return render(request, CLASS_LIST_IMPORT, {"course": course, "form": ClassListForm()})
    form = ClassListForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {"course": course, "form": form}
        return render(request, CLASS_LIST_IMPORT, context, status=form.refusal_status)
    class_list = form.cleaned_data["class_list"]
    plan = class_list_check(course=course, people=class_list.people)
    return _preview(
        request, course, plan, class_list.people, guessed_encoding=class_list.guessed_encoding
    )


def _preview(
    request: HttpRequest,
    course: Course,
    plan: ClassListPlan,
    people: list[ListedPerson],
    *,
    guessed_encoding: str = "",
) -> HttpResponse:
    """What importing would do, row by row; with any wrong row, a 422 listing each error and
    no way to confirm."""
    context = {
        "course": course,
        "plan": plan,
        "guessed_encoding": guessed_encoding,
        "signed": "" if plan.problems else class_list_sign(course=course, people=people),
    }
    return render(request, CLASS_LIST_PREVIEW, context, status=422 if plan.problems else 200)


@access_rule(MANAGER)
@require_POST
def class_list_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    try:
        people = class_list_unsign(course=course, signed=request.POST.get("class_list", ""))
    except ClassListRefused as refusal:
        context = {"course": course, "form": ClassListForm(), "refusal": refusal.message}
        return render(request, CLASS_LIST_IMPORT, context, status=refusal.status)
    try:
        imported = class_list_import(course=course, actor=request.user, people=people)
    except ClassListNotImported as not_imported:
        # Something changed since the preview (another import, a role change): say what.
        return _preview(request, course, not_imported.plan, people)
    messages.success(request, _imported_message(imported))
    if imported.not_emailed:
        messages.warning(
            request,
            _(
                "The mail server did not take the e-mails to %(addresses)s. They are in the "
                "course: tell them yourself. New people among them choose a password with "
                "“Forgot your password?” on the sign-in page."
            )
            % {"addresses": ", ".join(imported.not_emailed)},
        )
    return _back_to_roster(request, course)


def _imported_message(imported: ClassListImported) -> str:
    parts = [
        ngettext("%(count)d person added", "%(count)d people added", imported.added)
        % {"count": imported.added},
        ngettext(
            "%(count)d new account e-mailed",
            "%(count)d new accounts e-mailed",
            imported.new_accounts_emailed,
        )
        % {"count": imported.new_accounts_emailed},
    ]
    if imported.changed:
        parts.append(
            ngettext(
                "%(count)d member's role or group changed",
                "%(count)d members' roles or groups changed",
                imported.changed,
            )
            % {"count": imported.changed}
        )
    return ", ".join(parts) + "."


@access_rule(MANAGER)
@require_POST
def roster_lms_sync(request: HttpRequest, slug: str) -> HttpResponse:
    """Read the roster of the linked LMS course and bring the course in line with it."""
    course = course_for_manager(request.user, slug)
    lms_link = roster_link(course)
    if lms_link is None:
        refusal = _(
            "This course is not linked to an LMS course with a roster, so there is nothing to "
            "sync. Open Colloquy from your LMS course first."
        )
        return _roster_page(request, course, refusal=refusal, status=409)
    try:
        synced = roster_sync(course_link=lms_link, actor=request.user)
    except ValidationError as error:  # RosterNotRead, or a course left without an instructor
        why = " ".join(error.messages)
        messages.error(
            request, _("The roster was not synced and nothing changed: %(why)s") % {"why": why}
        )
    else:
        messages.success(request, _synced_message(synced))
    return _back_to_roster(request, course)


def _synced_message(synced: RosterSync) -> str:
    counts = [
        ngettext("%(count)d joined", "%(count)d joined", synced.joined) % {"count": synced.joined},
        ngettext("%(count)d changed role", "%(count)d changed role", synced.changed)
        % {"count": synced.changed},
        ngettext("%(count)d deactivated", "%(count)d deactivated", synced.deactivated)
        % {"count": synced.deactivated},
    ]
    return _("Roster synced: %(counts)s.") % {"counts": ", ".join(counts)}


@access_rule(MANAGER)
@require_http_methods(["GET"])
def roster_export(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    today = timezone.localdate()
    response, writer = csv_download(f"roster-{course.slug}-{today.isoformat()}.csv")
    writer.writerows(roster_csv.rows(course))
    return response
