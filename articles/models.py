"""Readings, their versions and ordered paragraphs."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    LTR = "ltr", _("Left to right")
    RTL = "rtl", _("Right to left")


class TextFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    PLAIN = "plain", _("Plain text (imported)")


class ParagraphKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("Paragraph")
    # A sub-heading: shown as a heading and listed under Contents, not numbered or discussed.
    HEADING = "heading", _("Heading")


class ReadingQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ReadingQuerySet":
        return self.filter(owner=user)


class Reading(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="readings"
    )
    title = models.CharField(max_length=300)
    byline = models.CharField(max_length=300, blank=True)
    author_note = models.TextField(
        blank=True, help_text=_("About the author, shown under the title; not discussed.")
    )
    source = models.CharField(
        max_length=2000, blank=True, help_text=_("Where the text comes from (a URL or a citation).")
    )
    language = models.CharField(max_length=16, default="en")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.LTR)
    # Pasted Markdown keeps its formatting; text imported from pages and files is shown as is.
    text_format = models.CharField(
        max_length=10, choices=TextFormat.choices, default=TextFormat.MARKDOWN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    current_version = models.ForeignKey(
        "ReadingVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReadingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])

    def current_paragraphs(self) -> models.QuerySet["Paragraph"]:
        return self.paragraphs.filter(version_id=self.current_version_id)

    def paragraph_map(self) -> "ParagraphMap":
        """Every paragraph of every version, in one query, with where each one went."""
        return ParagraphMap(list(self.paragraphs.all()), self.current_version_id)


class ReadingVersion(models.Model):
    """One edition of a reading's text; editing a reading adds a version, never rewrites one."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reading", "number"]
        constraints = [
            models.UniqueConstraint(fields=["reading", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.reading} v{self.number}"


class Paragraph(models.Model):
    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="paragraphs")
    version = models.ForeignKey(ReadingVersion, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField()
    kind = models.CharField(
        max_length=10, choices=ParagraphKind.choices, default=ParagraphKind.PARAGRAPH
    )
    # ¶ number as readers see it: paragraphs counted in order, headings skipped (empty).
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    text = models.TextField()
    html = models.TextField(editable=False)
    # Where this paragraph went in the next version; empty once it is current or was removed.
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="one_paragraph_per_position"
            ),
            # Longer circles are ruled out by clean(): a successor is always in a later version.
            models.CheckConstraint(
                condition=~Q(successor=F("pk")), name="paragraph_not_its_own_successor"
            ),
        ]

    def __str__(self) -> str:
        if self.is_heading:
            return f"Heading “{self.text[:40]}” of {self.reading}"
        return f"¶{self.number} of {self.reading}"

    def save(self, *args, **kwargs) -> None:
        if self.successor_id is not None:
            self.check_successor()
        super().save(*args, **kwargs)

    @property
    def is_heading(self) -> bool:
        return self.kind == ParagraphKind.HEADING

    @property
    def anchor(self) -> str:
        return f"p-{self.pk}"

    @property
    def is_current(self) -> bool:
        return self.version_id == self.reading.current_version_id

    def clean(self) -> None:
        super().clean()
        self.check_successor()

    def check_successor(self) -> None:
        """A paragraph goes on to a paragraph of a later version of the same reading, so
        following successors always moves forward and can never come round in a circle.
        Only code can break this (no page sets a successor), so the messages are for developers
        and stay untranslated."""
        if self.successor_id is None:
            return
        successor = self.successor
        if successor.reading_id != self.reading_id:
            raise ValidationError(
                {"successor": "A paragraph's successor must belong to the same reading."}
            )
        if successor.version.number <= self.version.number:
            raise ValidationError(
                {"successor": "A paragraph's successor must be in a later version."}
            )

    def current(self) -> "Paragraph | None":
        """Follow edits forward to the paragraph this one became (None if it was removed)."""
        current_version_id = self.reading.current_version_id
        paragraph, seen = self, {self.pk}
        while paragraph.version_id != current_version_id and paragraph.successor_id is not None:
            if paragraph.successor_id in seen:
                return None  # a circle the app never writes (see check_successor); stop
            seen.add(paragraph.successor_id)
            paragraph = paragraph.successor
        return paragraph if paragraph.version_id == current_version_id else None

    @property
    def rendered_text(self) -> SafeString:
        # html is only ever written by rendering.render_markdown, which sanitises it.
        return mark_safe(self.html)  # noqa: S308

    @property
    def rendered_heading(self) -> SafeString:
        """A heading's words for a heading or a link: its sanitised HTML without the tags."""
        return mark_safe(strip_tags(self.html).strip())  # noqa: S308


@dataclass
class ParagraphMap:
    """Follows each paragraph through later versions to the current paragraph it became."""

    paragraphs: list[Paragraph]
    current_version_id: int | None
    by_id: dict[int, Paragraph] = field(init=False)
    # paragraph id -> id of the current paragraph it became, or None if it was removed
    resolved: dict[int, int | None] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {paragraph.pk: paragraph for paragraph in self.paragraphs}
        self.resolved = {paragraph.pk: self._follow(paragraph) for paragraph in self.paragraphs}

    def _follow(self, paragraph: Paragraph) -> int | None:
        # Bounded even on bad data the app never writes: a successor in a circle or outside
        # this reading ends the walk as a removed passage.
        end, seen = paragraph, {paragraph.pk}
        while end.version_id != self.current_version_id and end.successor_id is not None:
            end = self.by_id.get(end.successor_id)
            if end is None or end.pk in seen:
                return None
            seen.add(end.pk)
        return end.pk if end.version_id == self.current_version_id else None

    @property
    def current(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.version_id == self.current_version_id]

    def current_of(self, paragraph_id: int) -> Paragraph | None:
        """The current paragraph this one became, or None if its passage was removed."""
        current_id = self.resolved[paragraph_id]
        return None if current_id is None else self.by_id[current_id]

    def ids_leading_to(self, paragraph_id: int) -> list[int]:
        return [pk for pk, current_id in self.resolved.items() if current_id == paragraph_id]

    @property
    def removed_ids(self) -> list[int]:
        return [pk for pk, current_id in self.resolved.items() if current_id is None]


class ReadingDraft(models.Model):
    """An import waiting for the teacher's check: every block, each included or left out."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_drafts"
    )
    title = models.CharField(max_length=300, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    # Why the importer was unsure of the byline (a code of importing.doubts), until the teacher
    # changes it.
    byline_doubt = models.CharField(max_length=100, blank=True)
    author_note = models.TextField(blank=True)
    source = models.CharField(max_length=2000, blank=True)
    language = models.CharField(max_length=16, default="en")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.LTR)
    text_format = models.CharField(
        max_length=10, choices=TextFormat.choices, default=TextFormat.PLAIN
    )
    # [{"text": str, "included": bool, "reason": str, "kind": "paragraph" | "heading",
    #   "doubt": str}, ...] in reading order; drafts kept before headings existed have no
    # "kind" (all paragraphs), and those kept before doubts were noted no "doubt".
    blocks = models.JSONField(default=list)
    # Where the teacher goes once the reading is saved (e.g. a course's assignment form), with
    # `reading=<id>` added; empty for the reading's own page. Checked to stay on this site.
    next_url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Draft: {self.title or 'untitled'}"

    def get_absolute_url(self) -> str:
        return reverse("articles:draft", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [block["text"] for block in self.blocks if block["included"]]

    @property
    def kinds(self) -> list[str]:
        """For each of ``paragraphs``, "paragraph" or "heading"."""
        return [
            block.get("kind", ParagraphKind.PARAGRAPH) for block in self.blocks if block["included"]
        ]


class ImportAttempt(models.Model):
    """One import from a file or web address, kept to limit how many one account starts an
    hour (READING_IMPORT_LIMIT_PER_HOUR): each may fetch or parse up to 10 MB."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_attempts"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Import by {self.owner_id} at {self.created_at:%Y-%m-%d %H:%M}"
