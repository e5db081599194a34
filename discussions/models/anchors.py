"""Where in a paragraph a comment or note points: the exact words (W3C TextQuoteSelector) and
their place in the paragraph's text (TextPositionSelector), and a private note's own table."""

from django.conf import settings
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Enough words around a quote to tell two occurrences apart and to find it after an edit.
QUOTE_CONTEXT = 32
# The longest phrase one can comment on: about a paragraph's worth.
QUOTE_MAX_LENGTH = 2000


class TextAnchor(models.Model):
    """A phrase inside the paragraph: `quote` is the exact text, `quote_prefix`/`quote_suffix`
    the words just before and after it, and [`quote_start`, `quote_end`) its place in the
    paragraph's text, counted in characters (code points). All empty for the whole paragraph.

    When the reading is edited, the phrase is found again in the paragraph the page now shows
    the comment on (the paragraph its own one became), and the positions, prefix and suffix
    always describe that paragraph's text, so highlights land on the right words. `quote`
    never changes: it is what the reader quoted. Found exactly, the highlighted words are the
    quote; found with a few words changed, they are the new words, text[quote_start:quote_end],
    and differ from `quote` (the page can show both). When the phrase cannot be found again,
    the anchor keeps the old quote and its last prefix and suffix, the positions are cleared
    and `quote_changed` is set: the thread stays on the paragraph, marked "quoted text
    changed"; a later edit that brings the words back clears the mark."""

    quote = models.TextField(blank=True, max_length=QUOTE_MAX_LENGTH)
    quote_prefix = models.CharField(max_length=QUOTE_CONTEXT, blank=True)
    quote_suffix = models.CharField(max_length=QUOTE_CONTEXT, blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    quote_changed = models.BooleanField(
        default=False, help_text=_("The quoted words are no longer in the paragraph.")
    )

    class Meta:
        abstract = True

    @property
    def is_highlighted(self) -> bool:
        """Shown as a highlight in the paragraph: a phrase still found there."""
        return bool(self.quote) and not self.quote_changed and self.quote_start is not None


class Note(TextAnchor):
    """A reader's private note on a paragraph (or a phrase in it) of an assignment's reading:
    nobody else sees it, staff included."""

    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="notes"
    )
    paragraph = models.ForeignKey(
        "articles.Paragraph", on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    body = models.TextField(blank=True)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author", "assignment"])]

    def __str__(self) -> str:
        return f"Note by {self.author_id} on ¶{self.paragraph_id}"

    @property
    def anchor(self) -> str:
        return f"note-{self.pk}"

    @property
    def rendered_body(self) -> SafeString:
        # body_html is only ever written by rendering.render_markdown, which sanitises it.
        return mark_safe(self.body_html)  # noqa: S308
