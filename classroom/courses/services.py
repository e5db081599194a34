"""Writes for courses: making one, joining it, its join code and its settings."""

import functools
import secrets
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.access import ensure_teacher
from classroom.models import Course, Membership, Role, new_join_code
from classroom.signals import described, staff_acted

from .selectors import course_by_join_code

# Inclusive bounds of how long a student counts as recently joined.
NEW_STUDENT_DAYS = (1, 365)
PREMODERATION_CHOICES = dict(Course._meta.get_field("premoderation").choices)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:40].strip("-") or "course"
    return f"{base}-{secrets.token_hex(3)}"


COURSE_SETTINGS = ["title", "time_zone", "premoderation", "new_student_days"]


def course_create(*, title: str, instructor, time_zone: str = "UTC") -> Course:
    ensure_teacher(instructor)
    return course_open(title=title, instructor=instructor, time_zone=time_zone)


@transaction.atomic
def course_open(*, title: str, instructor, time_zone: str = "UTC") -> Course:
    """A course with its first instructor, for a caller that knows the person may teach by
    another right than the TEACHER rule: an instructor launch from a confirmed LMS."""
    _check_time_zone(time_zone)
    course = Course.objects.create(
        title=title, slug=_unique_slug(title), created_by=instructor, time_zone=time_zone
    )
    Membership.objects.create(user=instructor, course=course, role=Role.INSTRUCTOR)
    return course


@transaction.atomic
def course_rotate_join_code(*, course: Course, actor) -> Course:
    before = course.join_code
    course.join_code = new_join_code()
    course.save(update_fields=["join_code"])
    staff_acted(
        actor=actor, course=course, kind="join_code_rotate", before=before, after=course.join_code
    )
    return course


def course_join(*, user, join_code: str) -> Course:
    """Add a student by join code; joining a course one already belongs to is harmless."""
    course = course_by_join_code(join_code)
    if course is None:
        raise ValidationError(_("That join code doesn't match any course. Check it and try again."))
    membership = Membership.objects.filter(user=user, course=course).first()
    if membership is not None:
        if membership.removed_at is not None:
            raise ValidationError(
                _("You were removed from this course. Ask your instructor to restore you.")
            )
        return course
    # get_or_create absorbs a double-submitted join racing the first one.
    Membership.objects.get_or_create(user=user, course=course, defaults={"role": Role.STUDENT})
    return course


# The zones most teachers are in, offered first: the full list starts with Africa/Abidjan.
COMMON_TIME_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)
# Old aliases kept in the database for compatibility (US/Eastern, Etc/GMT+5 whose sign is the
# reverse of what it looks like, SystemV/…): valid, but not offered.
LEGACY_TIME_ZONE_PREFIXES = (
    "Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/",
)  # fmt: skip


@functools.cache
def time_zone_names() -> list[str]:
    """Every IANA zone name this server knows, sorted (reading them walks the disk once)."""
    return sorted(zoneinfo.available_timezones())


@functools.cache
def time_zones_to_offer() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The common zones, then every other place-named zone alphabetically: no bare
    abbreviations (EST5EDT, Factory, localtime) and no legacy aliases."""
    known = set(time_zone_names())
    common = tuple(zone for zone in COMMON_TIME_ZONES if zone in known)
    rest = tuple(
        zone
        for zone in time_zone_names()
        if "/" in zone and not zone.startswith(LEGACY_TIME_ZONE_PREFIXES) and zone not in common
    )
    return common, rest


def _check_time_zone(time_zone: str) -> None:
    if time_zone not in time_zone_names():
        raise ValidationError(
            {"time_zone": _("“%(zone)s” is not a time zone we know.") % {"zone": time_zone}}
        )


@transaction.atomic
def course_update(
    *,
    course: Course,
    editor,
    title: str,
    time_zone: str,
    premoderation: str | None = None,
    new_student_days: int | None = None,
) -> Course:
    """Change a course's title, time zone and (when given) its review-before-posting rule."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the course a title.")})
    _check_time_zone(time_zone)
    before = described(course, COURSE_SETTINGS)
    course.title = title
    course.time_zone = time_zone
    if premoderation is not None:
        if premoderation not in PREMODERATION_CHOICES:
            raise ValidationError({"premoderation": _("Choose one of the listed review settings.")})
        course.premoderation = premoderation
    if new_student_days is not None:
        if not NEW_STUDENT_DAYS[0] <= new_student_days <= NEW_STUDENT_DAYS[1]:
            raise ValidationError({"new_student_days": _("Choose between 1 and 365 days.")})
        course.new_student_days = new_student_days
    course.save(update_fields=COURSE_SETTINGS)
    after = described(course, COURSE_SETTINGS)
    if after != before:
        staff_acted(actor=editor, course=course, kind="course_settings", before=before, after=after)
    return course
