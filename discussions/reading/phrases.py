"""Threads on a phrase: finding the phrase a reader chose in the paragraph's text, and marking
the phrases of the threads a person may see in the paragraph they read."""

from dataclasses import dataclass, replace
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.highlighting import Highlight, TextMap, highlight
from articles.models import Paragraph
from articles.quotes import Quote, Span, quote_at, quote_find
from discussions.audience import Audience
from discussions.models import Comment, Status
from discussions.models.anchors import QUOTE_MAX_LENGTH


@dataclass(frozen=True)
class Phrase:
    """The phrase a reader chose: the words, and where the page saw them (the words around
    them and their place in the paragraph's text), all optional but the words."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@lru_cache(maxsize=512)
def text_map(html: str, text: str) -> TextMap:
    """Paragraphs do not change once written, so their maps are kept."""
    return TextMap(html, text)


def words_shown(paragraph: Paragraph, span: Span) -> str:
    """What a reader sees of the paragraph's source characters [start, end): the words without
    the Markdown signs among them (emphasis, link targets, escapes)."""
    shown = text_map(paragraph.html, paragraph.text)
    place = shown.shown_span(span.start, span.end)
    return shown.shown[place[0] : place[1]] if place else paragraph.text[span.start : span.end]


def phrase_quote(paragraph: Paragraph, span: Span) -> Quote:
    """The selectors of `span` in the paragraph's text, its exact words as the page shows them:
    a quote reads as the reader chose it, while its place and the words around it count in the
    source, where the reading's edits find it again."""
    quote = quote_at(paragraph.text, span)
    return replace(quote, exact=words_shown(paragraph, span))


def phrase_find(
    paragraph: Paragraph, exact: str, *, prefix: str = "", suffix: str = "", near: int | None = None
) -> Span | None:
    """Where words stand in the paragraph's source: as written there, or as the page shows them
    (a selection or a copy across emphasis or a link has no Markdown signs in it)."""
    span = quote_find(paragraph.text, exact, prefix=prefix, suffix=suffix, near=near)
    if span is None:
        shown = text_map(paragraph.html, paragraph.text)
        found = quote_find(shown.shown, exact, near=near)
        source = found and shown.shown_to_source(found.start, found.end)
        span = Span(*source) if source else None
    return span


def phrase_in(paragraph: Paragraph, phrase: Phrase) -> Quote:
    """The phrase's selectors in the paragraph's text: at the place given if the words are
    there, else where the words (as written, or as shown on the page) best fit.
    Raises ValidationError({"quote": …}) when they cannot be placed."""
    text = paragraph.text
    exact = phrase.exact.strip()
    if len(exact) > QUOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "quote": _(
                    "A quote can be at most %(limit)s characters (this one has %(length)s). "
                    "Quote a few words, or leave it empty to comment on the whole paragraph."
                )
                % {
                    "limit": number_format(QUOTE_MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(exact), force_grouping=True),
                }
            }
        )
    if phrase.start is not None or phrase.end is not None:
        start, end = phrase.start, phrase.end
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise ValidationError({"quote": _("That phrase's place is outside this paragraph.")})
        place = Span(start, end)
        if not exact or exact in (text[start:end], words_shown(paragraph, place)):
            return phrase_quote(paragraph, place)
    if not exact:
        raise ValidationError({"quote": _("Write the phrase you want to comment on.")})
    span = phrase_find(
        paragraph, exact, prefix=phrase.prefix, suffix=phrase.suffix, near=phrase.start
    )
    if span is None:
        raise ValidationError(
            {
                "quote": _(
                    "That phrase is not in this paragraph. Copy the words exactly as they stand, "
                    "or leave the quote empty to comment on the whole paragraph."
                )
            }
        )
    return phrase_quote(paragraph, span)


@dataclass(frozen=True)
class Marked:
    """One highlight: source characters [start, end) and the visible threads on them, the
    first (earliest) of which the highlight links to."""

    start: int
    end: int
    thread_ids: tuple[int, ...]


def _spans_by_paragraph(rows) -> dict[int, list[tuple[int, int, int, str]]]:
    found: dict[int, list[tuple[int, int, int, str]]] = {}
    for paragraph_id, *span in rows:
        found.setdefault(paragraph_id, []).append(tuple(span))
    return found


# Standing thread starts on a phrase still found in its paragraph; pending, hidden and
# withdrawn threads mark nothing.
MARKING_THREADS = Q(
    parent__isnull=True,
    status=Status.VISIBLE,
    quote_changed=False,
    quote_start__isnull=False,
    quote_end__isnull=False,
) & ~Q(quote="")


SPAN_FIELDS = ("quote_start", "quote_end", "pk", "quote", "quote_prefix", "quote_suffix")


def phrase_threads(audience: Audience) -> dict[int, list[tuple]]:
    """(start, end, thread id, quote, prefix, suffix) of each of the `MARKING_THREADS` this
    person may see, by the paragraph it was written on, in one query."""
    rows = (
        Comment.objects.filter(assignment=audience.assignment)
        .filter(MARKING_THREADS & audience.comment_filter())
        .values_list(
            "paragraph_id",
            "quote_start",
            "quote_end",
            "pk",
            "quote",
            "quote_prefix",
            "quote_suffix",
        )
    )
    return _spans_by_paragraph(rows)


def phrase_threads_among(comments) -> dict[int, list[tuple]]:
    """What `phrase_threads` finds, from comments a page loaded (all those of the audience
    that are `MARKING_THREADS`, at least)."""
    return _spans_by_paragraph(
        (
            comment.paragraph_id,
            comment.quote_start,
            comment.quote_end,
            comment.pk,
            comment.quote,
            comment.quote_prefix,
            comment.quote_suffix,
        )
        for comment in comments
        if comment.parent_id is None
        and comment.status == Status.VISIBLE
        and comment.is_highlighted
        and comment.quote_end is not None
    )


def merge(spans: list[tuple[int, int, int]]) -> tuple[Marked, ...]:
    """Overlapping (start, end, thread id) spans joined into one highlight each."""
    merged: list[list] = []
    for start, end, pk in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(pk)
        else:
            merged.append([start, end, [pk]])
    return tuple(Marked(start, end, tuple(sorted(ids))) for start, end, ids in merged)


def marks_for(paragraph: Paragraph, spans) -> tuple[Marked, ...]:
    """The highlights of a current paragraph from `phrase_threads` spans of its own threads
    and those of the paragraphs it was edited from. A span whose words are not where it says
    (its paragraph was reworded and not yet re-anchored) marks nothing rather than the wrong
    words."""
    return merge(
        [
            (start, end, pk)
            for start, end, pk, quote, prefix, suffix in spans
            if _still_there(paragraph, start, end, quote=quote, prefix=prefix, suffix=suffix)
        ]
    )


def _still_there(
    paragraph: Paragraph, start: int, end: int, *, quote: str, prefix: str, suffix: str
) -> bool:
    """The quoted words stand at [start, end), as written or as shown, or (after an edit found
    them again with a word changed, see discussions/reanchoring) the words there are framed by
    the recorded context."""
    text = paragraph.text
    if not 0 <= start < end <= len(text):
        return False
    return quote in (text[start:end], words_shown(paragraph, Span(start, end))) or (
        text[:start].endswith(prefix) and text[end:].startswith(suffix)
    )


def highlighted_text(paragraph: Paragraph, marks: tuple[Marked, ...]) -> SafeString:
    """The paragraph's HTML with `marks` in it, each followed by a link to its first thread
    that says how many threads the words carry."""
    if not marks:
        # html is only ever written by rendering.render_markdown, which sanitises it.
        return paragraph.rendered_text
    highlights = []
    for marked in marks:
        count = len(marked.thread_ids)
        label = ngettext(
            "%(count)s thread on these words", "%(count)s threads on these words", count
        ) % {"count": count}
        after = format_html(
            '<a class="phrase-threads" href="?open={}&amp;thread={}#c-{}" data-not-text>'
            '<span class="phrase-count">{}</span><span class="visually-hidden"> {}</span></a>',
            paragraph.pk,
            marked.thread_ids[0],
            marked.thread_ids[0],
            count,
            label,
        )
        attributes = format_html('class="phrase" data-threads="{}"', count)
        highlights.append(Highlight(marked.start, marked.end, attributes, after))
    # highlight() escapes every piece of text and adds only the safe pieces above.
    return mark_safe(highlight(text_map(paragraph.html, paragraph.text), highlights))  # noqa: S308


def offset_steps(paragraph: Paragraph) -> str:
    """For the page's script: where the paragraph's source runs ahead of its shown text."""
    return text_map(paragraph.html, paragraph.text).offset_steps
