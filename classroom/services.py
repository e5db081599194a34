"""Writes for courses, memberships and assignments."""

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Reading
from discussions.rendering import render_markdown

from .models import Assignment, Course, Membership, Role, new_join_code, normalize_join_code


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
        raise ValidationError("That join code doesn't match any course. Check it and try again.")
    membership = Membership.objects.filter(user=user, course=course).first()
    if membership is not None:
        if membership.removed_at is not None:
            raise ValidationError(
                "You were removed from this course. Ask your instructor to restore you."
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
        raise ValidationError("A course needs at least one instructor.")


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError("Unknown role.")
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


def assignment_create(
    *,
    course: Course,
    reading: Reading,
    created_by,
    instructions: str = "",
    due_at: datetime | None = None,
) -> Assignment:
    return Assignment.objects.create(
        course=course,
        reading=reading,
        created_by=created_by,
        instructions=instructions,
        instructions_html=render_markdown(instructions),
        due_at=due_at,
    )
