"""Quoted words found again when a reading is edited, so each highlight stays on its words."""

from articles.models import Paragraph, ParagraphMap, Reading
from articles.quotes import Span, quote_at, quote_find_again
from discussions.models import Comment, Note, TextAnchor

ANCHOR_FIELDS = ["quote_prefix", "quote_suffix", "quote_start", "quote_end", "quote_changed"]


def _find_again(anchor: TextAnchor, before: str, after: str) -> bool:
    """Place `anchor`, which stood in the text `before`, in the text `after`; whether it moved.

    The words looked for are those the anchor stands on now (what an earlier edit made of the
    quote), with the words around them and their place scaled to the new length as hints:
    exactly, or else the most alike piece (articles.quotes.quote_find_again). Words already
    lost are looked for as quoted, in case an edit brought them back."""
    if before == after:
        return False
    start, end = anchor.quote_start, anchor.quote_end
    # Positions that do not fit the text (never written by the app) count as lost words.
    standing = start is not None and end is not None and start < end <= len(before)
    if standing and not anchor.quote_changed:
        here = quote_at(before, Span(start, end))
        words, prefix, suffix = here.exact, here.prefix, here.suffix
        near = round(start * len(after) / len(before))
    else:
        words, prefix, suffix, near = anchor.quote, anchor.quote_prefix, anchor.quote_suffix, None
    span = quote_find_again(after, words, prefix=prefix, suffix=suffix, near=near)
    if span is None:
        if anchor.quote_changed:
            return False
        anchor.quote_changed, anchor.quote_start, anchor.quote_end = True, None, None
        return True
    found = quote_at(after, span)
    anchor.quote_prefix, anchor.quote_suffix = found.prefix, found.suffix
    anchor.quote_start, anchor.quote_end, anchor.quote_changed = found.start, found.end, False
    return True


def quotes_reanchor(*, reading: Reading, revised: list[Paragraph]) -> None:
    """After `reading_revise`, place every quoting comment and note on the paragraphs that
    went on to the new version in the words of its new paragraph. A fixed number of queries,
    however many there are."""
    if not revised:
        return
    went_to = {paragraph.pk: paragraph for paragraph in revised}
    # Comments and notes point at the paragraph they were written on, perhaps several versions
    # back; their quote stands in the text of the paragraph it became by the previous version.
    previous = ParagraphMap(
        list(reading.paragraphs.only("pk", "version_id", "successor_id")),
        revised[0].version_id,
    )
    stood_in = {
        pk: went_to[current_id]
        for pk, current_id in previous.resolved.items()
        if current_id in went_to
    }
    for model in (Comment, Note):
        anchors = model.objects.filter(paragraph_id__in=stood_in).exclude(quote="")
        moved = [
            anchor
            for anchor in anchors.only("paragraph", "quote", *ANCHOR_FIELDS)
            if _find_again(
                anchor,
                stood_in[anchor.paragraph_id].text,
                stood_in[anchor.paragraph_id].successor.text,
            )
        ]
        model.objects.bulk_update(moved, ANCHOR_FIELDS, batch_size=500)
