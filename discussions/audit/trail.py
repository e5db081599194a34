"""The append-only audit trail: writing a row, reading a course's or a comment's rows, and
the trail as CSV."""

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from classroom.models import Course
from classroom.spreadsheets import spreadsheet_safe
from discussions.models import Comment, ModerationAction, Status

STATUS_LABELS = dict(Status.choices)


def record(
    *,
    course,
    actor,
    kind,
    comment=None,
    subject=None,
    reason="",
    before="",
    after="",
    details_before="",
    details_after="",
):
    """Append one audit row: `before`/`after` are a comment's statuses, `details_before` and
    `details_after` what a staff action changed (a role, settings, a watched word), in words."""
    return ModerationAction.objects.create(
        course=course,
        comment=comment,
        subject=subject if subject is not None else getattr(comment, "author", None),
        actor=actor,
        kind=kind,
        reason=reason,
        from_status=before,
        to_status=after,
        details_before=details_before,
        details_after=details_after,
    )


def course_audit(course: Course, *, kind: str = "") -> QuerySet[ModerationAction]:
    """Every audit row of the course, newest first, with the people each row names."""
    actions = ModerationAction.objects.filter(course=course)
    if kind:
        actions = actions.filter(kind=kind)
    return actions.select_related("actor", "subject").order_by("-created_at", "-pk")


def comment_audit(comment: Comment) -> QuerySet[ModerationAction]:
    """A comment's audit rows in the order they happened."""
    return (
        ModerationAction.objects.filter(comment=comment)
        .select_related("actor", "subject")
        .order_by("created_at", "pk")
    )


# --- CSV ---

CSV_COLUMNS = [
    gettext_lazy("Action"),
    gettext_lazy("By"),
    gettext_lazy("By (username)"),
    gettext_lazy("Concerning"),
    gettext_lazy("Concerning (username)"),
    gettext_lazy("Comment"),
    gettext_lazy("Reason"),
    gettext_lazy("Status before"),
    gettext_lazy("Status after"),
]


def csv_header(course: Course) -> list[str]:
    return [_("When (%(zone)s)") % {"zone": course.time_zone}, *map(str, CSV_COLUMNS)]


def _status_label(value: str) -> str:
    return STATUS_LABELS.get(value, value)


def csv_rows(
    actions: QuerySet[ModerationAction], *, course: Course, comment_url
) -> Iterator[list[str]]:
    """One row per audit row; every cell made safe to open in a spreadsheet."""
    zone = ZoneInfo(course.time_zone)
    for action in actions.iterator(chunk_size=500):
        subject = action.subject
        cells = [
            action.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            action.get_kind_display(),
            action.actor.public_name,
            action.actor.username,
            subject.public_name if subject else "",
            subject.username if subject else "",
            comment_url(action.comment_id) if action.comment_id else "",
            action.reason,
            _status_label(action.from_status) or action.details_before,
            _status_label(action.to_status) or action.details_after,
        ]
        yield [spreadsheet_safe(cell) for cell in cells]
