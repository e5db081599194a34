"""What classroom tells the apps above it. They connect receivers; classroom never imports them."""

from django.dispatch import Signal

# Sent inside the saving transaction after an assignment is created or edited, with
# `assignment`, `created` and `opening_moved` (whether an edit changed when it opens).
assignment_saved = Signal()

# Sent inside the deleting transaction just before a person deletes their own account, with
# `user`: apps above say what becomes of what that person wrote.
account_deleting = Signal()

# Sent after a course's staff change something about the course (a role, a removal, the join
# code, settings), with `actor`, `course`, `kind` (one of STAFF_ACTION_KINDS), `subject` (the
# member concerned, or None) and `before`/`after` (what changed, in words). Discussions keeps
# the course's audit log and records each one.
staff_action = Signal()

STAFF_ACTION_KINDS = (
    "role_change",
    "member_remove",
    "member_restore",
    "student_id_change",
    "join_code_rotate",
    "course_settings",
    "assignment_settings",
)


def staff_acted(*, actor, course, kind: str, subject=None, before: str = "", after: str = ""):
    if kind not in STAFF_ACTION_KINDS:
        raise ValueError(f"Unknown staff action {kind!r}.")
    staff_action.send(
        sender=type(course),
        actor=actor,
        course=course,
        kind=kind,
        subject=subject,
        before=before,
        after=after,
    )


def described(instance, fields) -> str:
    """`field: value` for each field, in the field's own words, one per line."""
    lines = []
    for name in fields:
        field = instance._meta.get_field(name)
        display = getattr(instance, f"get_{name}_display", None)
        value = display() if display else getattr(instance, name)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        lines.append(f"{field.verbose_name}: {'' if value is None else value}")
    return "\n".join(lines)
