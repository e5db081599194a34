"""The append-only audit trail of every status change and moderation decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .comments import Comment, Status


class ModerationAction(models.Model):
    """The append-only audit trail: every status change and moderation decision, with who,
    when, why and the status before and after. Rows are never changed or deleted."""

    class Kind(models.TextChoices):
        WITHDRAW = "withdraw", _("Withdrawn by author")
        HOLD = "hold", _("Held for review")
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        RESUBMIT = "resubmit", _("Edited and resubmitted by author")
        HOLD_EDIT = "hold_edit", _("Edit held for review")
        APPROVE_EDIT = "approve_edit", _("Edit approved")
        REJECT_EDIT = "reject_edit", _("Edit turned down")
        DISMISS_FLAGS = "dismiss_flags", _("Flags dismissed")
        LOCK_THREAD = "lock_thread", _("Thread locked")
        UNLOCK_THREAD = "unlock_thread", _("Thread unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        SUSPEND = "suspend", _("Member suspended")
        LIFT_SUSPENSION = "lift_suspension", _("Suspension lifted")
        ERASE = "erase", _("Text erased on request")
        # Staff actions on the course itself: the row's details say what was before and after.
        ROLE_CHANGE = "role_change", _("Role changed")
        MEMBER_REMOVE = "member_remove", _("Member removed")
        MEMBER_RESTORE = "member_restore", _("Member restored")
        STUDENT_ID_CHANGE = "student_id_change", _("Student ID changed")
        JOIN_CODE_ROTATE = "join_code_rotate", _("Join code replaced")
        COURSE_SETTINGS = "course_settings", _("Course settings changed")
        ASSIGNMENT_SETTINGS = "assignment_settings", _("Assignment settings changed")
        RUBRIC_EDIT = "rubric_edit", _("Rubric changed")
        SCORE_OVERRIDE = "score_override", _("Score set by hand")
        SCORE_OVERRIDE_CLEAR = "score_override_clear", _("Score set by hand cleared")
        WATCHED_WORD_ADD = "watched_word_add", _("Watched word added")
        WATCHED_WORD_REMOVE = "watched_word_remove", _("Watched word removed")
        PROMPT_POSE = "prompt_pose", _("Prompt posed")
        PROMPT_CHANGE = "prompt_change", _("Prompt changed")
        PROMPT_WITHDRAW = "prompt_withdraw", _("Prompt withdrawn")

    course = models.ForeignKey(
        "classroom.Course", on_delete=models.PROTECT, related_name="moderation_actions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person the action concerns (a comment's author, a suspended member)."),
    )
    # Empty once the person deleted their account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # For staff actions on the course (a role, a setting, a watched word): what it was and became.
    details_before = models.TextField(blank=True)
    details_after = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit rows are append-only.")
