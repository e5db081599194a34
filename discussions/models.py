"""Threaded comments on an assignment's paragraphs, and the record of every change to them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

# Threads nest this many levels; deeper replies attach at the last level with a mention.
MAX_DEPTH = 4


class Status(models.TextChoices):
    VISIBLE = "visible", "Visible"
    WITHDRAWN = "withdrawn", "Withdrawn by author"


class CommentQuerySet(models.QuerySet):
    def for_assignment(self, assignment) -> "CommentQuerySet":
        return self.filter(assignment=assignment)

    def for_display(self) -> "CommentQuerySet":
        return self.select_related("author", "reply_to__author").order_by("created_at", "pk")

    def counts_by_paragraph(self) -> dict[int, int]:
        rows = (
            self.filter(status=Status.VISIBLE)
            .values("paragraph_id")
            .annotate(total=Count("pk"))
            .order_by()
        )
        return {row["paragraph_id"]: row["total"] for row in rows}

    def standing(self) -> "CommentQuerySet":
        """Comments that still count as someone's contribution."""
        return self.exclude(status=Status.WITHDRAWN)


class Comment(models.Model):
    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="comments"
    )
    paragraph = models.ForeignKey(
        "articles.Paragraph", on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The comment actually answered when it sits deeper than MAX_DEPTH allows.
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thread_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="thread"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VISIBLE)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assignment", "paragraph", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__lt=MAX_DEPTH), name="comment_depth_within_limit"
            )
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author} on {self.paragraph}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:comment", args=[self.pk])

    @property
    def anchor(self) -> str:
        return f"c-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def rendered_body(self) -> SafeString:
        # body_html is only ever written by rendering.render_markdown, which sanitises it.
        return mark_safe(self.body_html)  # noqa: S308


class CommentRevision(models.Model):
    """The wording a comment had before an edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "created_at"]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ModerationAction(models.Model):
    """An append-only record of every status change, by authors and by staff."""

    class Kind(models.TextChoices):
        WITHDRAW = "withdraw", "Withdrawn by author"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="actions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on comment {self.comment_id}"
