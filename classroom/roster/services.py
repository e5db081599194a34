"""Writes for the roster: a member's role, removing them and restoring them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.access import MANAGER, ensure_rule
from classroom.models import STAFF_ROLES, Membership, Role
from classroom.signals import staff_acted


def _ensure_another_instructor(membership: Membership) -> None:
    if membership.role != Role.INSTRUCTOR:
        return
    others = (
        Membership.objects.active()
        .filter(course=membership.course, role=Role.INSTRUCTOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("A course needs at least one instructor."))


def role_described(membership: Membership) -> str:
    """The member's role in words, saying whether a teaching assistant is still graded."""
    if membership.role == Role.TA and membership.graded_as_student:
        return _("Teaching assistant (graded as a student)")
    return membership.get_role_display()


@transaction.atomic
def membership_set_role(
    *, membership: Membership, role: str, actor, graded_as_student: bool | None = None
) -> Membership:
    """Give the member a role. `graded_as_student` says whether a teaching assistant's
    participation is still scored; left out, a graded member stays graded (a student made a
    TA keeps their grade). Students are always graded, instructors never."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if role != Role.INSTRUCTOR:
        _ensure_another_instructor(membership)
    before = role_described(membership)
    if graded_as_student is None:
        graded_as_student = membership.is_graded
    membership.role = role
    membership.graded_as_student = role == Role.TA and graded_as_student
    if role in STAFF_ROLES:
        # Staff see and speak to every group; a group would narrow a new TA's threads to it.
        membership.group = None
    membership.save(update_fields=["role", "graded_as_student", "group"])
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="role_change",
        subject=membership.user,
        before=before,
        after=role_described(membership),
    )
    return membership


@transaction.atomic
def membership_set_student_number(
    *, membership: Membership, student_number: str, actor
) -> Membership:
    """The school's ID for this member, as the grades export gives it to a gradebook."""
    ensure_rule(MANAGER, actor, membership.course)
    field = Membership._meta.get_field("student_number")
    # As stored: a model form may already have put the typed value on this instance.
    before = Membership.objects.values_list("student_number", flat=True).get(pk=membership.pk)
    membership.student_number = field.clean(student_number.strip(), membership)
    if membership.student_number == before:
        return membership
    membership.save(update_fields=["student_number"])
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="student_id_change",
        subject=membership.user,
        before=before,
        after=membership.student_number,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> Membership:
    """Take away access but keep the membership row and every word the person wrote."""
    _ensure_another_instructor(membership)
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at"])
    role = membership.get_role_display()
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="member_remove",
        subject=membership.user,
        before=role,
    )
    return membership


@transaction.atomic
def membership_restore(*, membership: Membership, actor) -> Membership:
    membership.removed_at = None
    membership.save(update_fields=["removed_at"])
    role = membership.get_role_display()
    staff_acted(
        actor=actor,
        course=membership.course,
        kind="member_restore",
        subject=membership.user,
        after=role,
    )
    return membership
