"""Notices of a newly open assignment, to every member of its course."""

from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.models import Assignment, User
from discussions.models import Notice

from .language import in_language_of


def assignment_announce(assignment: Assignment) -> list[Notice]:
    """Tell every member of the course (but whoever set it) that an assignment is open. Does
    nothing before it opens; safe to call again: nobody hears twice."""
    now = timezone.now()
    if not assignment.is_open(now) or assignment.is_locked(now):
        return []
    course = assignment.course
    told = Notice.objects.filter(assignment=assignment, kind=Notice.Kind.ASSIGNMENT)
    members = (
        User.objects.filter(memberships__course=course, memberships__removed_at__isnull=True)
        .exclude(pk=assignment.created_by_id)
        .exclude(pk__in=told.values("user_id"))
        .only("pk", "language")
    )
    notices = []
    for person in members:
        with in_language_of(person):
            text = _("New in %(course)s: “%(reading)s” is open for discussion.") % {
                "course": course.title,
                "reading": assignment.reading.title,
            }
        notices.append(
            Notice(
                user=person,
                kind=Notice.Kind.ASSIGNMENT,
                assignment=assignment,
                text=text,
                url=assignment.get_absolute_url(),
            )
        )
    return Notice.objects.bulk_create(notices, ignore_conflicts=True)
