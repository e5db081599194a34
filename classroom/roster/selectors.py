"""Reads for the roster page."""

from django.db.models import Exists, OuterRef, QuerySet

from classroom import contributions
from classroom.lti.models import Identity
from classroom.models import Course


def roster_memberships(course: Course, *, lms_issuer: str = "") -> QuerySet:
    """Everyone who is or was in the course, with how many comments each wrote in it; with an
    LMS's issuer, also whether each came from that LMS (`from_lms`) and, if so, whether they
    have never opened Colloquy from it (`never_launched`)."""
    memberships = course.memberships.select_related("user", "group").annotate(
        comment_count=contributions.comment_count(course)
    )
    if not lms_issuer:
        return memberships
    identities = Identity.objects.filter(issuer=lms_issuer, user=OuterRef("user_id"))
    return memberships.annotate(
        from_lms=Exists(identities),
        never_launched=Exists(identities.filter(first_launch_at__isnull=True)),
    )
