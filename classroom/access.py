"""Who may see and do what in a course. Anything a person may not see is a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import STAFF_ROLES, Assignment, Course, Membership, Role


def membership_for(user, course: Course) -> Membership | None:
    """The user's active membership, cached on the course object for the request."""
    cache = course.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.active().filter(user=user, course=course).first()
            if user.is_authenticated
            else None
        )
    return cache[user.pk]


def role_in(user, course: Course) -> str | None:
    membership = membership_for(user, course)
    return membership.role if membership else None


def can_view(user, course: Course) -> bool:
    return user.is_authenticated and (
        user.is_site_admin or membership_for(user, course) is not None
    )


def can_manage(user, course: Course) -> bool:
    """Instructors (and site admins) run the course: roster, join code, assignments."""
    return user.is_site_admin or role_in(user, course) == Role.INSTRUCTOR


def can_moderate(user, course: Course) -> bool:
    return user.is_site_admin or role_in(user, course) in STAFF_ROLES


def course_for_member(user, slug: str) -> Course:
    course = Course.objects.filter(slug=slug).first()
    if course is None or not can_view(user, course):
        raise Http404("No such course.")
    return course


def course_for_manager(user, slug: str) -> Course:
    course = course_for_member(user, slug)
    if not can_manage(user, course):
        raise PermissionDenied(_("Only the course's instructors can do that."))
    return course


def course_for_staff(user, slug: str) -> Course:
    """Teaching pages (groups): instructors, teaching assistants and site admins."""
    course = course_for_member(user, slug)
    if not can_moderate(user, course):
        raise PermissionDenied(
            _("Only the course's instructors and teaching assistants can do that.")
        )
    return course


def ensure_assignment_open(user, assignment: Assignment) -> None:
    """Before it opens, a reading is hidden from students (staff prepare it meanwhile)."""
    if assignment.is_open(timezone.now()) or can_moderate(user, assignment.course):
        return
    with timezone.override(assignment.course.time_zone):
        opens = date_format(timezone.localtime(assignment.opens_at), _("l j F, H:i"))
    raise PermissionDenied(_("This reading opens on %(date)s.") % {"date": opens})


def assignment_for_member(user, slug: str, assignment_id: int) -> Assignment:
    """An assignment the user may read: a member of its course, and open unless staff."""
    assignment = (
        Assignment.objects.with_reading().filter(course__slug=slug, pk=assignment_id).first()
    )
    if assignment is None or not can_view(user, assignment.course):
        raise Http404("No such assignment.")
    ensure_assignment_open(user, assignment)
    return assignment
