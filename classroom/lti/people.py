"""Who a launch is in Colloquy: the account for the platform's `sub`, the course the LMS
context stands for, and the membership with the role the LMS gives."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.accounts.services import identity_account_create
from classroom.courses.services import course_open
from classroom.models import Assignment, Course, Membership, Role

from .launch import AGS_CLAIM, LTI, NRPS_CLAIM, Launch, claim_field
from .models import AssignmentLink, CourseLink, Identity, UsedNonce
from .refusals import LaunchRefused

User = get_user_model()


def nonce_use(*, launch: Launch) -> None:
    """Record the launch's nonce so its token is accepted once, and drop the nonces whose
    tokens have expired (an indexed range delete, cheap at every launch)."""
    UsedNonce.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            UsedNonce.objects.create(value=launch.nonce, expires_at=launch.expires_at)
    except IntegrityError:
        raise LaunchRefused(
            _("This launch was already used. Open Colloquy from your course again."),
            platform=launch.platform,
        ) from None


@transaction.atomic
def person_for_launch(*, launch: Launch) -> tuple[User, bool]:
    """The account for the launch's (issuer, sub), made on the first launch: (user, is new)."""
    return person_for_lms_user(
        issuer=launch.platform.issuer,
        subject=launch.subject,
        details=launch.claims,
        launched_at=timezone.now(),
    )


@transaction.atomic
def person_for_lms_user(
    *, issuer: str, subject: str, details: dict, launched_at=None
) -> tuple[User, bool]:
    """The account for an LMS user, made when first met (in a launch, or in the roster the LMS
    sends, `launched_at` None): (user, is new). `details` are the launch's claims or the
    roster entry (name, given_name, family_name, email). Never matched by e-mail, which a
    platform's users can often change themselves."""
    identity = (
        Identity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity is not None:
        if launched_at is not None:
            identity.first_launch_at = identity.first_launch_at or launched_at
            identity.last_launch_at = launched_at
            identity.save(update_fields=["first_launch_at", "last_launch_at"])
        return identity.user, False
    user = identity_account_create(
        issuer=issuer, subject=subject, details=details, launched_at=launched_at
    )
    return user, True


@transaction.atomic
def identity_move(*, launch: Launch, from_user, to_user) -> None:
    """An LMS account that has just been made joins the Colloquy account its owner proved
    to be theirs; the empty account made by the launch goes."""
    Identity.objects.filter(
        issuer=launch.platform.issuer, subject=launch.subject, user=from_user
    ).update(user=to_user)
    if not from_user.memberships.exists() and not from_user.lti_identities.exists():
        from_user.delete()


@transaction.atomic
def membership_for_launch(*, user, course: Course, role: Role) -> Membership:
    """The LMS says who teaches and who studies: each launch sets the role and brings back a
    removed member."""
    membership, created = Membership.objects.get_or_create(
        user=user, course=course, defaults={"role": role}
    )
    if not created and (membership.role != role or membership.removed_at is not None):
        membership.role = role
        membership.removed_at = None
        membership.save(update_fields=["role", "removed_at"])
    return membership


def course_link_for(launch: Launch) -> CourseLink | None:
    return (
        CourseLink.objects.select_related("course")
        .filter(deployment=launch.deployment, context_id=launch.context_id)
        .first()
    )


def service_addresses(launch: Launch) -> dict:
    """The roster and grade service addresses the launch gives for its course."""
    scopes = claim_field(launch.claims, AGS_CLAIM, "scope")
    return {
        "context_title": launch.context_title[:255],
        "memberships_url": claim_field(launch.claims, NRPS_CLAIM, "context_memberships_url") or "",
        "lineitems_url": claim_field(launch.claims, AGS_CLAIM, "lineitems") or "",
        "grade_scopes": scopes if isinstance(scopes, list) else [],
    }


@transaction.atomic
def course_link_refresh(*, course_link: CourseLink, launch: Launch) -> CourseLink:
    for name, value in service_addresses(launch).items():
        setattr(course_link, name, value)
    course_link.save()
    return course_link


@transaction.atomic
def course_link_create(*, launch: Launch, course: Course | None, instructor) -> CourseLink:
    """Link the launch's LMS course to `course`, or to a new course named after it."""
    if course is None:
        course = course_open(title=launch.context_title[:200], instructor=instructor)
    course_link, _created = CourseLink.objects.update_or_create(
        deployment=launch.deployment,
        context_id=launch.context_id,
        defaults={"course": course, **service_addresses(launch)},
    )
    membership_for_launch(user=instructor, course=course, role=launch.role)
    return course_link


def assignment_link_for(*, launch: Launch, course_link: CourseLink) -> AssignmentLink | None:
    resource_link_id = launch.claims[LTI + "resource_link"]["id"]
    return (
        AssignmentLink.objects.select_related("assignment__course")
        .filter(course_link=course_link, resource_link_id=resource_link_id)
        .first()
    )


def custom_assignment(*, launch: Launch, course_link: CourseLink) -> Assignment | None:
    """The assignment Colloquy's own deep-linking answer named in the link's custom claim."""
    number = str(claim_field(launch.claims, LTI + "custom", "assignment") or "")
    if not number.isdigit():
        return None
    return Assignment.objects.filter(course=course_link.course, pk=int(number)).first()


@transaction.atomic
def assignment_link_create(
    *, launch: Launch, course_link: CourseLink, assignment: Assignment
) -> AssignmentLink:
    if assignment.course_id != course_link.course_id:
        raise ValueError("The assignment is not in the linked course.")
    link, _created = AssignmentLink.objects.get_or_create(
        course_link=course_link,
        resource_link_id=launch.claims[LTI + "resource_link"]["id"],
        defaults={
            "assignment": assignment,
            "lineitem_url": claim_field(launch.claims, AGS_CLAIM, "lineitem") or "",
        },
    )
    return link
