"""The roster from the LMS (LTI Names and Role Provisioning Services 2.0): everyone in the LMS
course joins the linked course with their LMS role, and people the LMS no longer lists are
deactivated in it, never deleted."""

import time
from dataclasses import dataclass

import requests
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.access import MANAGER, ensure_rule
from classroom.models import Course, Membership, Role
from classroom.roster.services import membership_remove, membership_restore, membership_set_role

from .models import CourseLink, Identity, Platform
from .people import person_for_lms_user
from .roles import course_role
from .service_tokens import ServiceTokenRefused, access_token
from .tool_configuration import NRPS_SCOPE

MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
# A manager waits on the roster page while the roster is read: short waits, and a limit on
# the whole read, so a slow LMS costs them a minute at most.
TIMEOUT = (5, 10)  # seconds to connect, seconds between bytes
MOST_SECONDS = 60
# A page limit, so an LMS whose "next" links go round in circles cannot keep a worker forever.
MOST_PAGES = 500


class RosterNotRead(ValidationError):
    """The LMS's roster could not be read whole (token refused, an HTTP error, no answer in
    time, an answer that is not a roster); the course was left as it was."""


@dataclass
class RosterSync:
    joined: int = 0
    changed: int = 0
    deactivated: int = 0


def roster_link(course: Course) -> CourseLink | None:
    """The course's link to an LMS course whose roster Colloquy may read (the newest)."""
    return (
        CourseLink.objects.select_related("deployment__platform")
        .filter(course=course)
        .exclude(memberships_url="")
        .order_by("-created_at")
        .first()
    )


def _roster_page(session: requests.Session, url: str, platform: Platform) -> requests.Response:
    try:
        answer = session.get(url, timeout=TIMEOUT)
    except requests.Timeout as error:
        raise RosterNotRead(
            _("%(platform)s did not answer in time when asked for the course's roster.")
            % {"platform": platform}
        ) from error
    except requests.RequestException as error:
        raise RosterNotRead(
            _("Colloquy could not reach %(platform)s to read the course's roster: %(error)s")
            % {"platform": platform, "error": error}
        ) from error
    if answer.status_code != 200:
        raise RosterNotRead(
            _("%(platform)s answered HTTP %(status)d when asked for the course's roster.")
            % {"platform": platform, "status": answer.status_code}
        )
    return answer


def _members_on(answer: requests.Response, platform: Platform) -> list[dict]:
    # No "members" at all is not an empty roster: taken as one, it would deactivate everyone.
    try:
        members = answer.json()["members"]
    except (ValueError, KeyError, TypeError):
        members = None
    if not isinstance(members, list) or not all(isinstance(member, dict) for member in members):
        raise RosterNotRead(
            _("%(platform)s sent something that is not a course roster.") % {"platform": platform}
        )
    return members


def lms_members(course_link: CourseLink) -> list[dict]:
    """Every member the LMS lists for the course, following its pages; RosterNotRead unless
    every page was read."""
    platform = course_link.deployment.platform
    try:
        token = access_token(platform, [NRPS_SCOPE])
    except ServiceTokenRefused as refusal:
        raise RosterNotRead(str(refusal)) from refusal
    deadline = time.monotonic() + MOST_SECONDS
    members, url = [], course_link.memberships_url
    with requests.Session() as session:
        session.headers.update({"Authorization": f"Bearer {token}", "Accept": MEMBERSHIPS_TYPE})
        for _page in range(MOST_PAGES):
            answer = _roster_page(session, url, platform)
            members.extend(_members_on(answer, platform))
            url = answer.links.get("next", {}).get("url")
            if not url:
                return members
            if time.monotonic() > deadline:
                break
    # Half a roster would deactivate everyone on the pages not read.
    raise RosterNotRead(
        _("%(platform)s's roster did not end within %(pages)d pages or %(seconds)d seconds.")
        % {"platform": platform, "pages": MOST_PAGES, "seconds": MOST_SECONDS}
    )


def roster_sync(*, course_link: CourseLink, actor) -> RosterSync:
    """Bring the course's roster in line with the LMS's, once the whole roster is read
    (RosterNotRead, and nothing changes, otherwise). Role changes, deactivations and returns
    go to the course's audit log as `actor`'s; `actor`'s own membership is left as it is."""
    ensure_rule(MANAGER, actor, course_link.course)
    members = [member for member in lms_members(course_link) if member.get("user_id")]
    return _apply(course_link, members, actor)


@transaction.atomic
def _apply(course_link: CourseLink, members: list[dict], actor) -> RosterSync:
    issuer = course_link.deployment.platform.issuer
    course = course_link.course
    result = RosterSync()
    memberships = {
        membership.user_id: membership
        for membership in Membership.objects.filter(course=course).select_related("user", "course")
    }
    active = [member for member in members if member.get("status", "Active") == "Active"]
    roles = [course_role(member.get("roles", [])) for member in active]
    # Instructors first, so a roster that hands the course over never leaves it with none.
    listed = sorted(zip(active, roles, strict=True), key=lambda pair: pair[1] != Role.INSTRUCTOR)
    # People already known here in one query; only newcomers are looked up (and made) each.
    known = {
        identity.subject: identity.user
        for identity in Identity.objects.filter(
            issuer=issuer, subject__in=[member["user_id"] for member in active]
        ).select_related("user")
    }
    listed_users = set()
    for member, role in listed:
        user = (
            known.get(member["user_id"])
            or person_for_lms_user(issuer=issuer, subject=member["user_id"], details=member)[0]
        )
        listed_users.add(user.pk)
        membership = memberships.get(user.pk)
        if membership is None:
            # Kept, so someone the LMS lists twice joins once.
            memberships[user.pk] = Membership.objects.create(user=user, course=course, role=role)
            result.joined += 1
        elif user.pk == actor.pk:
            continue  # whoever syncs keeps the role they run the course with
        elif membership.removed_at is not None:
            membership_restore(membership=membership, actor=actor)
            if membership.role != role:
                membership_set_role(membership=membership, role=role, actor=actor)
            result.joined += 1
        elif membership.role != role:
            membership_set_role(membership=membership, role=role, actor=actor)
            result.changed += 1
    # Only people who came from this LMS leave with it: a co-teacher added in Colloquy stays.
    from_lms = set(
        Identity.objects.filter(issuer=issuer, user__memberships__course=course).values_list(
            "user", flat=True
        )
    )
    for user_pk, membership in memberships.items():
        leaves = user_pk in from_lms and user_pk not in listed_users and user_pk != actor.pk
        if leaves and membership.removed_at is None:
            membership_remove(membership=membership, actor=actor)
            result.deactivated += 1
    course_link.roster_synced_at = timezone.now()
    course_link.save(update_fields=["roster_synced_at"])
    return result
