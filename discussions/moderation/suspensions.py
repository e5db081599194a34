"""Suspensions: a member made read-only in a course for a while, with a reason they see."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from classroom.models import STAFF_ROLES, Course, Membership
from discussions.audit.trail import record
from discussions.models import ModerationAction, Suspension
from discussions.notifications.services import moderation_notice

from .decisions import ensure_moderator, reason_required

Kind = ModerationAction.Kind


def active_suspension(*, user, course: Course) -> Suspension | None:
    """The person's suspension in force in this course that ends last, if any."""
    return Suspension.objects.active().filter(course=course, user=user).order_by("-ends_at").first()


def active_suspensions(course: Course) -> dict[int, Suspension]:
    """Each currently suspended member's latest-ending suspension, by user id."""
    suspensions = Suspension.objects.active().filter(course=course).order_by("ends_at")
    return {suspension.user_id: suspension for suspension in suspensions.select_related("user")}


def member_to_suspend(course: Course, membership_id: int) -> Membership | None:
    """An active member of the course, by membership id, with their user."""
    return (
        Membership.objects.active()
        .filter(course=course, pk=membership_id)
        .select_related("user")
        .first()
    )


def membership_of(user, course: Course) -> Membership | None:
    """The person's membership row in the course, removed or not."""
    return Membership.objects.filter(course=course, user=user).first()


def suspended_until(suspension: Suspension, course: Course) -> str:
    """When the suspension ends, in the course's time zone."""
    with timezone.override(course.time_zone):
        return date_format(timezone.localtime(suspension.ends_at), _("j F, H:i"))


@transaction.atomic
def member_suspend(*, course: Course, user, moderator, days: int, reason: str) -> Suspension:
    ensure_moderator(moderator, course)
    reason = reason_required(reason)
    if not 1 <= days <= 365:
        raise ValidationError(_("Suspend for between 1 and 365 days."))
    membership = Membership.objects.active().filter(course=course, user=user).first()
    if membership is None:
        raise ValidationError(_("That person is not in this course."))
    if membership.role in STAFF_ROLES:
        raise ValidationError(_("Staff can't be suspended; change their role on the roster first."))
    suspension = Suspension.objects.create(
        course=course,
        user=user,
        reason=reason,
        ends_at=timezone.now() + timedelta(days=days),
        created_by=moderator,
    )
    record(course=course, subject=user, actor=moderator, kind=Kind.SUSPEND, reason=reason)
    moderation_notice(
        user=user,
        actor=moderator,
        write=lambda: (
            ngettext(
                "You can read %(course)s but not post for %(days)d day. Reason: %(reason)s",
                "You can read %(course)s but not post for %(days)d days. Reason: %(reason)s",
                days,
            )
            % {"course": course.title, "days": days, "reason": reason}
        ),
        url=course.get_absolute_url(),
    )
    return suspension


@transaction.atomic
def suspension_lift(*, suspension: Suspension, moderator) -> Suspension:
    ensure_moderator(moderator, suspension.course)
    if suspension.lifted_at is not None:
        raise ValidationError(_("This suspension was already lifted."))
    suspension.lifted_at = timezone.now()
    suspension.save(update_fields=["lifted_at"])
    record(
        course=suspension.course,
        subject=suspension.user,
        actor=moderator,
        kind=Kind.LIFT_SUSPENSION,
    )
    moderation_notice(
        user=suspension.user,
        actor=moderator,
        write=lambda: _("You can post in %(course)s again.") % {"course": suspension.course.title},
        url=suspension.course.get_absolute_url(),
    )
    return suspension
