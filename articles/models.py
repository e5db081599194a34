"""Readings and their ordered paragraphs."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


class Direction(models.TextChoices):
    LTR = "ltr", "Left to right"
    RTL = "rtl", "Right to left"


class ReadingQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ReadingQuerySet":
        return self.filter(owner=user)


class Reading(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="readings"
    )
    title = models.CharField(max_length=300)
    byline = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=2000, blank=True, help_text="Where the text comes from (a URL or a citation)."
    )
    language = models.CharField(max_length=16, default="en")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.LTR)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReadingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])


class Paragraph(models.Model):
    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField()
    text = models.TextField()
    html = models.TextField(editable=False)

    class Meta:
        ordering = ["reading", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading", "position"], name="one_paragraph_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"¶{self.number} of {self.reading}"

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def anchor(self) -> str:
        return f"p-{self.pk}"

    @property
    def rendered_text(self) -> SafeString:
        # html is only ever written by rendering.render_markdown, which sanitises it.
        return mark_safe(self.html)  # noqa: S308
