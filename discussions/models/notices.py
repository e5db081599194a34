"""In-app notifications to one person."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .comments import Comment


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user) -> "NoticeQuerySet":
        """One person's notices, newest first (the later of two made together first)."""
        return self.filter(user=user).order_by("-created_at", "-pk")

    def with_time_zone(self) -> "NoticeQuerySet":
        """Each notice's `time_zone`: its course's (through the comment or assignment it is
        about), so it reads like the discussion's times; else the site's."""
        return self.annotate(
            time_zone=Coalesce(
                F("comment__assignment__course__time_zone"),
                F("assignment__course__time_zone"),
                Value(settings.TIME_ZONE),
            )
        )

    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self) -> "NoticeQuerySet":
        """Unread and not yet in a daily e-mail."""
        return self.unread().filter(emailed_at__isnull=True)


class Notice(models.Model):
    """An in-app notification to one person: a reply, a mention, a moderator's decision, a
    new assignment, or (to staff) something flagged or waiting for review. The text is written
    when it is sent, in the person's language, and never quotes a comment (which might be
    hidden later)."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        MENTION = "mention", _("Mention")
        MODERATION = "moderation", _("Moderation")
        ASSIGNMENT = "assignment", _("New assignment")
        REVIEW = "review", _("For review")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MODERATION)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    # What it is about, so the same reply, mention or assignment is never announced twice.
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assignment = models.ForeignKey(
        "classroom.Assignment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out in a daily e-mail digest.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            # A reply that also mentions you is one notice.
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=Q(kind__in=["reply", "mention"]),
                name="one_notice_per_comment",
            ),
            models.UniqueConstraint(
                fields=["user", "assignment"],
                condition=Q(kind="assignment"),
                name="one_notice_per_assignment",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
