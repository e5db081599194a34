"""Writes for assignments: putting a reading into a course and changing its settings."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Reading
from articles.rendering import render_markdown
from classroom import contributions
from classroom.access import MANAGER, ensure_rule
from classroom.models import Assignment, Course, PostFirst
from classroom.signals import assignment_saved, described, staff_acted

# What the audit log shows of an assignment's settings, before and after a change.
ASSIGNMENT_SETTINGS = [
    "reading",
    "instructions",
    "opens_at",
    "due_at",
    "locks_at",
    "post_first",
    "hide_counts_before_posting",
    "anonymous",
    "group_discussions",
    "premoderate",
    "slow_mode_seconds",
]


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


# Inclusive bounds of slow mode.
SLOW_MODE_SECONDS = (0, 3600)


def _check_slow_mode(seconds: int) -> None:
    low, high = SLOW_MODE_SECONDS
    if not low <= seconds <= high:
        raise ValidationError(
            {"slow_mode_seconds": _("Slow mode is between 0 (off) and 3600 seconds.")}
        )


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
    post_first: str = PostFirst.OFF,
    hide_counts_before_posting: bool = False,
    anonymous: bool = False,
    group_discussions: bool = False,
    premoderate: bool = False,
    slow_mode_seconds: int = 0,
) -> Assignment:
    ensure_rule(MANAGER, created_by, course)
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
    assignment_saved.send(
        sender=Assignment, assignment=assignment, created=True, opening_moved=False
    )
    staff_acted(
        actor=created_by,
        course=course,
        kind="assignment_settings",
        after=described(assignment, ASSIGNMENT_SETTINGS),
    )
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
    post_first: str,
    hide_counts_before_posting: bool,
    anonymous: bool,
    group_discussions: bool,
    premoderate: bool,
    slow_mode_seconds: int,
) -> Assignment:
    """Change an assignment's reading, instructions, dates or discussion settings."""
    ensure_rule(MANAGER, editor, assignment.course)
    if reading.pk != assignment.reading_id:
        _check_reading(reading=reading, user=editor)
        # Comments hang off the reading's paragraphs; another reading would orphan them.
        if contributions.assignment_has_comments(assignment):
            raise ValidationError(
                {"reading": _("People have already commented, so the reading can't change.")}
            )
    _check_dates(opens_at=opens_at, due_at=due_at, locks_at=locks_at)
    _check_slow_mode(slow_mode_seconds)
    opening_moved = opens_at != assignment.opens_at
    before = described(assignment, ASSIGNMENT_SETTINGS)
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
    assignment_saved.send(
        sender=Assignment, assignment=assignment, created=False, opening_moved=opening_moved
    )
    after = described(assignment, ASSIGNMENT_SETTINGS)
    if after != before:
        staff_acted(
            actor=editor,
            course=assignment.course,
            kind="assignment_settings",
            before=before,
            after=after,
        )
    return assignment
