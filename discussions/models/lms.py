"""What Colloquy sent an LMS gradebook: one row per score sent or tried, kept as a record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GradeSendQuerySet(models.QuerySet):
    def latest_by_student(self, assignment) -> dict:
        """Per student id, the newest row for the assignment: one query."""
        latest = {}
        for row in self.filter(assignment=assignment).order_by("-created_at", "-pk"):
            latest.setdefault(row.student_id, row)
        return latest


class GradeSend(models.Model):
    """A participation score on its way to, or in, the LMS's gradebook column."""

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Accepted by the LMS")
        RETRYING = "retrying", _("The LMS did not answer; trying again")
        FAILED = "failed", _("Refused by the LMS")
        NOT_LINKED = "not_linked", _("Never launched Colloquy from the LMS")

    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="grade_sends"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grade_sends"
    )
    score = models.DecimalField(max_digits=8, decimal_places=3)
    score_maximum = models.DecimalField(max_digits=8, decimal_places=3)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    lms_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The HTTP status the LMS answered with.")
    )
    lms_answer = models.TextField(
        blank=True, help_text=_("What the LMS said, first 1,000 characters.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = GradeSendQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["assignment", "student", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.student} {self.score}/{self.score_maximum} ({self.outcome})"
