"""Writes for the roster: a member's role, removing them and restoring them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import STAFF_ROLES, Membership, Role


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


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if role != Role.INSTRUCTOR:
        _ensure_another_instructor(membership)
    membership.role = role
    if role in STAFF_ROLES:
        # Staff see and speak to every group; a group would narrow a new TA's threads to it.
        membership.group = None
    membership.save(update_fields=["role", "group"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> Membership:
    """Take away access but keep the membership row and every word the person wrote."""
    _ensure_another_instructor(membership)
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at"])
    return membership


def membership_restore(*, membership: Membership) -> Membership:
    membership.removed_at = None
    membership.save(update_fields=["removed_at"])
    return membership
