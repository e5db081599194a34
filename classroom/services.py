"""Writes for courses, memberships and assignments."""

import functools
import random
import secrets
import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Reading
from articles.rendering import render_markdown
from discussions.models import Comment
from discussions.notifications import assignment_announce_when_open

from .models import (
    Assignment,
    Course,
    Group,
    Membership,
    Role,
    new_join_code,
    normalize_join_code,
)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:40].strip("-") or "course"
    return f"{base}-{secrets.token_hex(3)}"


@transaction.atomic
def course_create(*, title: str, instructor) -> Course:
    course = Course.objects.create(title=title, slug=_unique_slug(title), created_by=instructor)
    Membership.objects.create(user=instructor, course=course, role=Role.INSTRUCTOR)
    return course


def course_rotate_join_code(*, course: Course) -> Course:
    course.join_code = new_join_code()
    course.save(update_fields=["join_code"])
    return course


def course_join(*, user, join_code: str) -> Course:
    """Add a student by join code; joining a course one already belongs to is harmless."""
    course = Course.objects.filter(join_code=normalize_join_code(join_code)).first()
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
    membership.save(update_fields=["role"])
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


def _check_dates(
    *, opens_at: datetime | None, due_at: datetime | None, locks_at: datetime | None
) -> None:
    errors = {}
    if opens_at and due_at and due_at < opens_at:
        errors["due_at"] = _(
            "The due date is before the reading opens. Make it later than opening."
        )
    if opens_at and locks_at and locks_at < opens_at:
        errors["locks_at"] = _("The discussion would lock before the reading opens.")
    elif due_at and locks_at and locks_at < due_at:
        errors["locks_at"] = _(
            "The discussion would lock before the due date, so nobody could post late. "
            "Lock it at or after the due date."
        )
    if errors:
        raise ValidationError(errors)


def _check_reading(*, reading: Reading, user) -> None:
    if reading.owner_id != user.pk:
        raise ValidationError({"reading": _("Choose one of your own readings.")})


@functools.cache
def time_zone_names() -> list[str]:
    """Every IANA zone name this server knows, sorted (reading them walks the disk once)."""
    return sorted(zoneinfo.available_timezones())


def _check_time_zone(time_zone: str) -> None:
    if time_zone not in time_zone_names():
        raise ValidationError(
            {"time_zone": _("“%(zone)s” is not a time zone we know.") % {"zone": time_zone}}
        )


# Inclusive bounds of the review and slow mode settings.
NEW_STUDENT_DAYS = (1, 365)
SLOW_MODE_SECONDS = (0, 3600)
PREMODERATION_CHOICES = dict(Course._meta.get_field("premoderation").choices)


def _check_slow_mode(seconds: int) -> None:
    low, high = SLOW_MODE_SECONDS
    if not low <= seconds <= high:
        raise ValidationError(
            {"slow_mode_seconds": _("Slow mode is between 0 (off) and 3600 seconds.")}
        )


def course_update(
    *,
    course: Course,
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
    course.save(update_fields=["title", "time_zone", "premoderation", "new_student_days"])
    return course


@transaction.atomic
def assignment_create(
    *,
    course: Course,
    reading: Reading,
    created_by,
    instructions: str = "",
    opens_at: datetime | None = None,
    due_at: datetime | None = None,
    locks_at: datetime | None = None,
    post_first: bool = False,
    hide_counts_before_posting: bool = False,
    anonymous: bool = False,
    group_discussions: bool = False,
    premoderate: bool = False,
    slow_mode_seconds: int = 0,
) -> Assignment:
    _check_reading(reading=reading, user=created_by)
    _check_dates(opens_at=opens_at, due_at=due_at, locks_at=locks_at)
    _check_slow_mode(slow_mode_seconds)
    assignment = Assignment.objects.create(
        course=course,
        reading=reading,
        created_by=created_by,
        instructions=instructions,
        instructions_html=render_markdown(instructions),
        opens_at=opens_at,
        due_at=due_at,
        locks_at=locks_at,
        post_first=post_first,
        hide_counts_before_posting=hide_counts_before_posting,
        anonymous=anonymous,
        group_discussions=group_discussions,
        premoderate=premoderate,
        slow_mode_seconds=slow_mode_seconds,
    )
    # The course hears about it when it opens: now, or later from the worker.
    assignment_announce_when_open(assignment)
    return assignment


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    editor,
    reading: Reading,
    instructions: str,
    opens_at: datetime | None,
    due_at: datetime | None,
    locks_at: datetime | None,
    post_first: bool,
    hide_counts_before_posting: bool,
    anonymous: bool,
    group_discussions: bool,
    premoderate: bool,
    slow_mode_seconds: int,
) -> Assignment:
    """Change an assignment's reading, instructions, dates or discussion settings."""
    if reading.pk != assignment.reading_id:
        _check_reading(reading=reading, user=editor)
        # Comments hang off the reading's paragraphs; another reading would orphan them.
        if assignment.comments.exists():
            raise ValidationError(
                {"reading": _("People have already commented, so the reading can't change.")}
            )
    _check_dates(opens_at=opens_at, due_at=due_at, locks_at=locks_at)
    _check_slow_mode(slow_mode_seconds)
    opening_moved = opens_at != assignment.opens_at
    assignment.reading = reading
    assignment.instructions = instructions
    assignment.instructions_html = render_markdown(instructions)
    assignment.opens_at = opens_at
    assignment.due_at = due_at
    assignment.locks_at = locks_at
    assignment.post_first = post_first
    assignment.hide_counts_before_posting = hide_counts_before_posting
    assignment.anonymous = anonymous
    assignment.group_discussions = group_discussions
    assignment.premoderate = premoderate
    assignment.slow_mode_seconds = slow_mode_seconds
    assignment.save()
    if opening_moved:
        assignment_announce_when_open(assignment)
    return assignment


# --- Groups ---

GROUP_NAME_MAX_LENGTH = Group._meta.get_field("name").max_length


def _clean_group_name(*, course: Course, name: str, exclude: Group | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    if len(name) > GROUP_NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": _("Group names can be at most %(limit)d characters.")
                % {"limit": GROUP_NAME_MAX_LENGTH}
            }
        )
    taken = course.groups.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("This course already has a group called “%(name)s”.") % {"name": name}}
        )
    return name


def group_create(*, course: Course, name: str) -> Group:
    return Group.objects.create(course=course, name=_clean_group_name(course=course, name=name))


def group_rename(*, group: Group, name: str) -> Group:
    group.name = _clean_group_name(course=group.course, name=name, exclude=group)
    group.save(update_fields=["name"])
    return group


@transaction.atomic
def group_delete(*, group: Group) -> None:
    """Move the group's members to no group, then delete it. A group that has discussed is
    kept: its comments stay with it, so each group's threads stay apart."""
    if Comment.objects.filter(group=group).exists():
        raise ValidationError(
            _(
                "“%(name)s” has discussed in group discussions, so it is kept to hold those "
                "threads. Move its members to other groups instead."
            )
            % {"name": group.name}
        )
    group.memberships.update(group=None)
    group.delete()


def group_assign(*, membership: Membership, group: Group | None) -> Membership:
    """Put a student in a group, or take them out of any group (group=None)."""
    if membership.role != Role.STUDENT or membership.removed_at is not None:
        raise ValidationError(_("Only students in the course can be put in groups."))
    if group is not None and group.course_id != membership.course_id:
        raise ValidationError(_("That group belongs to another course."))
    membership.group = group
    membership.save(update_fields=["group"])
    return membership


MIN_GROUP_SIZE = 2


def group_sizes(count: int, size: int) -> list[int]:
    """Split `count` students into groups of about `size`, spreading the leftovers so that no
    group is smaller than size - 1 where that is possible (otherwise a few get bigger)."""
    if count <= 0:
        return []
    groups = -(-count // size)
    if count // groups < size - 1 and count >= size:
        groups = count // size
    base, extra = divmod(count, groups)
    return [base + 1] * extra + [base] * (groups - extra)


def _free_group_names(course: Course, how_many: int) -> list[str]:
    taken = {name.lower() for name in course.groups.values_list("name", flat=True)}
    names = []
    number = 1
    while len(names) < how_many:
        name = _("Group %(number)d") % {"number": number}
        if name.lower() not in taken:
            names.append(name)
        number += 1
    return names


@transaction.atomic
def groups_split_random(
    *, course: Course, size: int, regroup_all: bool = False, rng: random.Random | None = None
) -> list[Group]:
    """Deal students at random into new groups of about `size`.

    Students already in a group stay there unless `regroup_all`; then everyone is dealt again
    and groups left empty that never discussed are removed.
    """
    if size < MIN_GROUP_SIZE:
        raise ValidationError(
            {
                "size": _("Groups need at least %(size)d students. Choose a larger size.")
                % {"size": MIN_GROUP_SIZE}
            }
        )
    students = course.memberships.active().filter(role=Role.STUDENT)
    if regroup_all:
        students.update(group=None)
        course.groups.exclude(
            pk__in=Comment.objects.filter(group__course=course).values("group_id")
        ).delete()
    to_place = list(students.filter(group__isnull=True).order_by("pk"))
    if not to_place and not students.exists():
        raise ValidationError({"size": _("There are no students in this course to split yet.")})
    if not to_place:
        raise ValidationError(
            {
                "size": _(
                    "Every student is already in a group. Tick “regroup everyone” to start over."
                )
            }
        )
    (rng or random.Random()).shuffle(to_place)
    sizes = group_sizes(len(to_place), size)
    groups = [
        Group.objects.create(course=course, name=name)
        for name in _free_group_names(course, len(sizes))
    ]
    start = 0
    for group, group_size in zip(groups, sizes, strict=True):
        chunk = [membership.pk for membership in to_place[start : start + group_size]]
        Membership.objects.filter(pk__in=chunk).update(group=group)
        start += group_size
    return groups
