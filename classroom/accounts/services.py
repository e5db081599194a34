"""Writes for accounts: signing up, accounts made for people others bring (a class list, an
LMS, a school sign-in), changing one's own settings and deleting one's account."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.rendering import clean_comment_text
from classroom.models import Course, Identity, Membership, Role, User
from classroom.signals import account_deleting

USERNAME_LENGTH = User._meta.get_field("username").max_length
DISPLAY_NAME_LENGTH = User._meta.get_field("display_name").max_length


def user_sign_up(*, username: str, display_name: str, email: str, password: str) -> User:
    user = User(username=username, display_name=display_name, email=email)
    user.set_password(password)
    user.save()
    return user


def free_username(wish: str) -> str:
    """A username like `wish` (letters, digits, - and _) that nobody has yet, numbered when
    the plain one is taken."""
    base = slugify(wish)[: USERNAME_LENGTH - 6] or "student"
    taken = User.objects.filter(username__istartswith=base).values_list("username", flat=True)
    taken = {name.lower() for name in taken}
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def account_without_password(*, name: str, email: str, given: str = "", family: str = "") -> User:
    """An account for someone who was brought in and has no password yet (they choose one from
    an e-mailed link, or sign in through their school or LMS). Not saved."""
    name = clean_comment_text(name).strip()[:DISPLAY_NAME_LENGTH]
    user = User(
        username=free_username(email.partition("@")[0] or name),
        display_name=name,
        first_name=clean_comment_text(given).strip()[:150],
        last_name=clean_comment_text(family).strip()[:150],
        email=email,
    )
    user.set_unusable_password()
    return user


def identity_account_create(*, issuer: str, subject: str, details: dict, launched_at=None) -> User:
    """A new account for the person an outside issuer (an LMS, a school's sign-in) knows as
    `subject`, named from `details` (name, given_name, family_name, email: OpenID claims or an
    LMS roster entry), with its identity. When the same person arrives twice at once, the
    account the other request made is the answer."""
    given, family = str(details.get("given_name") or ""), str(details.get("family_name") or "")
    user = account_without_password(
        name=str(details.get("name") or f"{given} {family}".strip()),
        email=str(details.get("email") or ""),
        given=given,
        family=family,
    )
    try:
        with transaction.atomic():
            user.save()
            Identity.objects.create(
                issuer=issuer,
                subject=subject,
                user=user,
                first_launch_at=launched_at,
                last_launch_at=launched_at,
            )
    except IntegrityError:
        identity = Identity.objects.filter(issuer=issuer, subject=subject).first()
        if identity is None:
            raise
        return identity.user
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
