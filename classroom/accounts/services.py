"""Writes for accounts: signing up, changing one's own settings and deleting one's account."""

from django.db import transaction
from django.utils.translation import gettext as _

from classroom.models import Course, Membership, Role, User
from classroom.signals import account_deleting


def user_sign_up(*, username: str, display_name: str, email: str, password: str) -> User:
    user = User(username=username, display_name=display_name, email=email)
    user.set_password(password)
    user.save()
    return user


def account_update(*, user: User, display_name: str, language: str, email_digest: bool) -> User:
    user.display_name = display_name
    user.language = language
    user.email_digest = email_digest
    user.save()
    return user


class AccountCannotBeDeleted(Exception):
    """Why this account may not be deleted yet, in words for its owner."""


def account_deletion_refusal(user: User) -> str:
    """Why the account may not be deleted yet, or "" when it may."""
    if user.is_site_admin:
        return _("A site admin's account is removed by another site admin.")
    for course in Course.objects.taught_by(user):
        others = Membership.objects.active().filter(course=course, role=Role.INSTRUCTOR)
        if not others.exclude(user=user).exists():
            return _(
                "You are the only instructor of %(course)s. Add another instructor and hand "
                "the course over to them first."
            ) % {"course": course.title}
    if user.readings.exists() or user.courses_created.exists() or user.assignments_created.exists():
        return _(
            "You created courses, readings or assignments that others rely on. Ask a site "
            "admin to hand them over to another teacher first."
        )
    return ""


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the person: their name, e-mail and memberships go; apps above say what happens to
    what they wrote (account_deleting) before the row is removed."""
    refusal = account_deletion_refusal(user)
    if refusal:
        raise AccountCannotBeDeleted(refusal)
    account_deleting.send(sender=User, user=user)
    user.delete()
