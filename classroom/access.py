"""Who may see and do what in a course: the member, staff and manager rules and the loaders that
apply them. Anything a person may not see is a 404; a forbidden action on it is the rule's 403."""

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.access import AccessRule, refuse

from .models import MEMBERSHIP_COLUMNS, STAFF_ROLES, Assignment, Course, Membership, Role

MEMBER = AccessRule("member", _("Only the course's members can do that."))
"""Active members of the course (any role) and site admins. Everyone else gets a 404."""

STAFF = AccessRule("staff", _("Only the course's instructors and teaching assistants can do that."))
"""The course's instructors and teaching assistants, and site admins: teaching pages."""

MANAGER = AccessRule("manager", _("Only the course's instructors can do that."))
"""The course's instructors and site admins: they run the roster, join code and assignments."""

OPENED = AccessRule("opened", _("This reading opens on %(date)s."))
"""Before its opening, a reading is hidden from students while staff prepare it. The refusal
names the date: `refuse(OPENED, date=opening_date(assignment))`."""


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


def remember_membership(user, loaded: Assignment | Course) -> None:
    """Keep the membership `with_membership_of` read along with the assignment or course, so
    `membership_for` needs no query of its own."""
    if not user.is_authenticated or not hasattr(loaded, "membership_pk"):
        return
    course = loaded if isinstance(loaded, Course) else loaded.course
    membership = None
    if loaded.membership_pk is not None:
        membership = Membership(
            user=user,
            course=course,
            **{column: getattr(loaded, f"membership_{column}") for column in MEMBERSHIP_COLUMNS},
        )
        membership._state.adding = False
    course.__dict__.setdefault("_membership_cache", {})[user.pk] = membership


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


COURSE_RULES = {MEMBER.name: can_view, STAFF.name: can_moderate, MANAGER.name: can_manage}


def allows(rule: AccessRule, user, course: Course) -> bool:
    """Whether a course rule lets `user` act in `course`."""
    return COURSE_RULES[rule.name](user, course)


def ensure_rule(rule: AccessRule, user, course: Course) -> None:
    """A service's second line of defence: the same rule and message as the view's."""
    if not allows(rule, user, course):
        refuse(rule)


def course_for(user, slug: str, rule: AccessRule = MEMBER) -> Course:
    """The course, if `user` may see it (else 404) and the rule lets them act (else 403)."""
    course = Course.objects.with_membership_of(user).filter(slug=slug).first()
    if course is not None:
        remember_membership(user, course)
    return _allowed_course(user, course, rule)


def _allowed_course(user, course: Course | None, rule: AccessRule) -> Course:
    if course is None or not can_view(user, course):
        raise Http404("No such course.")
    ensure_rule(rule, user, course)
    return course


def course_for_member(user, slug: str) -> Course:
    return course_for(user, slug, MEMBER)


def course_and_assignments_for_member(user, slug: str) -> tuple[Course, list[Assignment]]:
    """As `course_for_member`, with all the course's assignments (each with its reading),
    oldest first: one query, while the course has any."""
    assignments = list(
        Assignment.objects.with_reading()
        .with_membership_of(user)
        .filter(course__slug=slug)
        .order_by("pk")
    )
    if not assignments:
        return course_for_member(user, slug), []
    remember_membership(user, assignments[0])
    course = _allowed_course(user, assignments[0].course, MEMBER)
    for assignment in assignments:
        assignment.course = course
    return course, assignments


def course_for_staff(user, slug: str) -> Course:
    """Teaching pages (groups): instructors, teaching assistants and site admins."""
    return course_for(user, slug, STAFF)


def course_for_manager(user, slug: str) -> Course:
    return course_for(user, slug, MANAGER)


def opening_date(assignment: Assignment) -> str:
    """When the reading opens, written out in the course's time zone."""
    with timezone.override(assignment.course.time_zone):
        return date_format(timezone.localtime(assignment.opens_at), gettext("l j F, H:i"))


def ensure_assignment_open(user, assignment: Assignment) -> None:
    """The OPENED rule, for pages and services alike: staff pass before the opening."""
    if assignment.is_open(timezone.now()) or allows(STAFF, user, assignment.course):
        return
    refuse(OPENED, date=opening_date(assignment))


def assignment_for(user, slug: str, assignment_id: int, rule: AccessRule = MEMBER) -> Assignment:
    """An assignment the user may see (else 404), open unless they are staff, under `rule`."""
    assignment = (
        Assignment.objects.with_reading()
        .with_membership_of(user)
        .filter(course__slug=slug, pk=assignment_id)
        .first()
    )
    if assignment is not None:
        remember_membership(user, assignment)
    if assignment is None or not can_view(user, assignment.course):
        raise Http404("No such assignment.")
    ensure_assignment_open(user, assignment)
    ensure_rule(rule, user, assignment.course)
    return assignment


def assignment_for_member(user, slug: str, assignment_id: int) -> Assignment:
    """An assignment the user may read: a member of its course, and open unless staff."""
    return assignment_for(user, slug, assignment_id, MEMBER)
