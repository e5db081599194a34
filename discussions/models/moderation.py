"""Flags members raise, watched words, and suspensions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .comments import Comment


class FlagReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off-topic")
    DISRESPECTFUL = "disrespectful", _("Disrespectful")
    HARASSMENT = "harassment", _("Harassment or bullying")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Something else")


class FlagQuerySet(models.QuerySet):
    def raised_by(self, user, *, comment: Comment) -> "FlagQuerySet":
        """The flag this person raised on this comment (there is at most one)."""
        return self.filter(comment=comment, flagger=user)


class Flag(models.Model):
    """A member asking staff to look at a comment; the author never learns who flagged."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="flags_raised"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagger"], name="one_flag_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"


class WatchedWord(models.Model):
    """A word or phrase to act on when it appears in a post, for one course or the whole site."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post with a message")
        REVIEW = "review", _("Hold the post for review")
        MASK = "mask", _("Replace it with a mask")

    course = models.ForeignKey(
        "classroom.Course",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watched_words",
        help_text=_("Empty for a site-wide entry."),
    )
    phrase = models.CharField(max_length=100)
    whole_word = models.BooleanField(
        default=True, help_text=_("Match whole words only (so “ass” does not match “class”).")
    )
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.REVIEW)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Removing an entry keeps it, for the audit log; a removed entry matches nothing.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class SuspensionQuerySet(models.QuerySet):
    def active(self) -> "SuspensionQuerySet":
        """Suspensions in force now: started, not yet ended, not lifted."""
        now = timezone.now()
        return self.filter(lifted_at__isnull=True, starts_at__lte=now, ends_at__gt=now)

    def in_course(self, course) -> "SuspensionQuerySet":
        """The course's suspensions, each with the suspended person."""
        return self.filter(course=course).select_related("user")


class Suspension(models.Model):
    """A member made read-only in a course for a while, with a reason they can see."""

    course = models.ForeignKey(
        "classroom.Course", on_delete=models.CASCADE, related_name="suspensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    reason = models.TextField()
    starts_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.user} suspended in {self.course} until {self.ends_at:%Y-%m-%d}"
