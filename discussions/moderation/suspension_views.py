"""Suspending a member from the queue or the roster, and lifting it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from articles.access import access_rule
from articles.navigation import safe_next_url
from classroom.access import STAFF, can_manage, course_for
from classroom.models import Course, Membership
from discussions.models import Suspension

from .forms import SuspendForm
from .suspensions import (
    active_suspensions,
    member_suspend,
    member_to_suspend,
    membership_of,
    suspended_until,
    suspension_lift,
)
from .views import error_text, queue_url

SUSPEND = "discussions/moderation/suspend.html"


# --- Suspensions ---


def _member_in(course: Course, membership_id: str) -> Membership:
    if not membership_id.isdigit() or len(membership_id) > 18:
        raise Http404("No such member.")
    membership = member_to_suspend(course, int(membership_id))
    if membership is None:
        raise Http404("No such member.")
    return membership


def _after_suspension(request: HttpRequest, course: Course) -> str:
    if safe_next_url(request):
        return safe_next_url(request)
    if can_manage(request.user, course):
        return reverse("classroom:roster", args=[course.slug])
    return queue_url(course)


def _suspend_page(request, course, membership, form, *, status=200, error="") -> HttpResponse:
    context = {
        "course": course,
        "membership": membership,
        "form": form,
        "error": error,
        "current": active_suspensions(course).get(membership.user_id),
        "next_url": safe_next_url(request),
    }
    return render(request, SUSPEND, context, status=status)


@access_rule(STAFF)
@require_http_methods(["GET", "POST"])
def suspension_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Make a student read-only in the course for some days, with a reason they see."""
    course = course_for(request.user, slug, STAFF)
    membership = _member_in(course, request.POST.get("member") or request.GET.get("member", ""))
    if request.method == "GET":
        return _suspend_page(request, course, membership, SuspendForm())
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            suspension = member_suspend(
                course=course,
                user=membership.user,
                moderator=request.user,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            until = suspended_until(suspension, course)
            messages.success(
                request,
                _("%(name)s can read but not post until %(date)s.")
                % {"name": membership.user.public_name, "date": until},
            )
            return redirect(_after_suspension(request, course))
    return _suspend_page(request, course, membership, form, status=422)


@access_rule(STAFF)
@require_POST
def suspension_lift_view(request: HttpRequest, slug: str, suspension_id: int) -> HttpResponse:
    course = course_for(request.user, slug, STAFF)
    suspension = get_object_or_404(Suspension.objects.in_course(course), pk=suspension_id)
    try:
        suspension_lift(suspension=suspension, moderator=request.user)
    except ValidationError as error:
        membership = membership_of(suspension.user, course)
        if membership is None:
            raise Http404("No such member.") from None
        form = SuspendForm()
        return _suspend_page(request, course, membership, form, status=422, error=error_text(error))
    messages.success(request, _("%(name)s can post again.") % {"name": suspension.user.public_name})
    return redirect(_after_suspension(request, course))
