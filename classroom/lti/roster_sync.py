"""The roster from the LMS (LTI Names and Role Provisioning Services 2.0): everyone in the LMS
course joins the linked course with their LMS role, and people the LMS no longer lists are
deactivated in it, never deleted."""

from dataclasses import dataclass

import requests
from django.db import transaction
from django.utils import timezone

from classroom.models import Membership

from .models import CourseLink, Identity
from .people import person_for_lms_user
from .roles import course_role
from .service_tokens import access_token

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
TIMEOUT = 20
# A page limit, so an LMS whose "next" links go round in circles cannot keep a worker forever.
MOST_PAGES = 500


@dataclass
class RosterSync:
    joined: int = 0
    changed: int = 0
    deactivated: int = 0
    unchanged: int = 0


def lms_members(course_link: CourseLink) -> list[dict]:
    """Every member the LMS lists for the course, following its pages."""
    platform = course_link.deployment.platform
    session = requests.Session()
    session.headers.update(
        {
            "Authorization": f"Bearer {access_token(platform, [NRPS_SCOPE])}",
            "Accept": MEMBERSHIPS_TYPE,
        }
    )
    members, url = [], course_link.memberships_url
    for _page in range(MOST_PAGES):
        answer = session.get(url, timeout=TIMEOUT)
        answer.raise_for_status()
        members.extend(answer.json().get("members", []))
        url = answer.links.get("next", {}).get("url")
        if not url:
            break
    return members


def roster_sync(*, course_link: CourseLink) -> RosterSync:
    """Bring the course's roster in line with the LMS's (requests errors reach the caller)."""
    members = [member for member in lms_members(course_link) if member.get("user_id")]
    return _apply(course_link, members)


@transaction.atomic
def _apply(course_link: CourseLink, members: list[dict]) -> RosterSync:
    issuer = course_link.deployment.platform.issuer
    course = course_link.course
    result = RosterSync()
    now = timezone.now()
    active = [member for member in members if member.get("status", "Active") == "Active"]
    memberships = {
        membership.user_id: membership
        for membership in Membership.objects.filter(course=course).select_related("user")
    }
    listed_users = set()
    for member in active:
        user, _new = person_for_lms_user(issuer=issuer, subject=member["user_id"], details=member)
        listed_users.add(user.pk)
        role = course_role(member.get("roles", []))
        membership = memberships.get(user.pk)
        if membership is None:
            Membership.objects.create(user=user, course=course, role=role)
            result.joined += 1
        elif membership.removed_at is not None or membership.role != role:
            membership.removed_at, membership.role = None, role
            membership.save(update_fields=["removed_at", "role"])
            result.changed += 1
        else:
            result.unchanged += 1
    # Only people who came from this LMS leave with it: a co-teacher added in Colloquy stays.
    from_lms = Identity.objects.filter(issuer=issuer, user__memberships__course=course)
    gone = (
        Membership.objects.active()
        .filter(course=course, user__in=from_lms.values("user"))
        .exclude(user__in=listed_users)
    )
    result.deactivated = gone.update(removed_at=now)
    course_link.roster_synced_at = now
    course_link.save(update_fields=["roster_synced_at"])
    return result
