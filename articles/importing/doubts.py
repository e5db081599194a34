"""Where the importer was least sure: blocks kept or left out by a narrow margin, a byline on
thin evidence, and paragraphs that may be two run together, so the preview points there first.

Doubts about a decision are found once, at import, from what the rules measured; doubts about
a paragraph's shape are found from its text as it stands, so they follow the teacher's edits.
"""

import re
import statistics

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .boilerplate import LINK_BLOCK_SHARE
from .candidates import Candidate, Role
from .reasons import BYLINE, HEADLINE_LIST, RELATED_LINK
from .text_shape import is_sentence, word_count

# The doubts stored with a draft, in English; the preview shows LABELS in the reader's language.
MOSTLY_LINKS = "kept though mostly links"
PARTLY_PLAIN_TEXT = "left out as links though partly plain text"
SHORT_AT_EDGE = "kept at the edge though not a full paragraph"
THIN_BYLINE = "byline on thin evidence"
LABELS = {
    MOSTLY_LINKS: _("Kept, but most of its words are links: it may be a list of other pages."),
    PARTLY_PLAIN_TEXT: _("Left out as links to other pages, but part of it is plain text."),
    SHORT_AT_EDGE: _(
        "Kept at the edge of the article, but it is not a full paragraph: it may be page clutter."
    ),
    THIN_BYLINE: _("Little on the page says who wrote it: check the byline."),
}

# A kept block with at least this share of link text is near the share that leaves one out.
KEPT_LINK_SHARE = 0.5
# A block left out for its links with less than this share of link text only just was.
LEFT_OUT_LINK_SHARE = LINK_BLOCK_SHARE + 0.04
# A paragraph of the article runs at least this many words (as cleanup's body text does).
_BODY_WORDS = 25
# A byline below this confidence (0 to 1) was chosen on evidence a teacher should check.
COMFORTABLE_BYLINE = 0.75
# A paragraph this many times the reading's median length, and at least LONG_WORDS long, may
# be two that the page did not separate.
LONG_FACTOR = 3
LONG_WORDS = 200

# A sentence's end with the next one glued on: "…the war.The next day…".
_GLUED = re.compile(r"(?<=[^\W\d_]{2})[.!?][\"'”’»)]?(?=[^\W\d_]{2})")
_LINE_BREAK = re.compile(r"\n\s*")


def _is_body_text(candidate: Candidate) -> bool:
    return word_count(candidate.text) >= _BODY_WORDS and is_sentence(candidate.text)


def decision_doubts(candidates: list[Candidate], reasons: list[str | None]) -> list[str]:
    """For each block (None: kept), the doubt about keeping or leaving it out, or ""."""
    kept = [
        i
        for i, reason in enumerate(reasons)
        if reason is None and candidates[i].role != Role.HEADING
    ]
    edges = {kept[0], kept[-1]} if kept else set()
    doubts = []
    for index, (candidate, reason) in enumerate(zip(candidates, reasons, strict=True)):
        doubt = ""
        if reason is None and candidate.role != Role.HEADING:
            if candidate.link_share >= KEPT_LINK_SHARE:
                doubt = MOSTLY_LINKS
            elif index in edges and not _is_body_text(candidate):
                doubt = SHORT_AT_EDGE
        elif reason in (RELATED_LINK, HEADLINE_LIST) and (
            LINK_BLOCK_SHARE <= candidate.link_share < LEFT_OUT_LINK_SHARE
        ):
            doubt = PARTLY_PLAIN_TEXT
        doubts.append(doubt)
    return doubts


def byline_doubt(byline: str, confidence: float, reasons: list[str | None]) -> str:
    """A byline only the page's metadata gave, and that without much agreement; one the page
    prints in its text (a block left out as the byline) the teacher can see is right."""
    if byline and BYLINE not in reasons and confidence < COMFORTABLE_BYLINE:
        return THIN_BYLINE
    return ""


def _line_breaks(text: str) -> set[int]:
    return {match.end() for match in _LINE_BREAK.finditer(text)}


def _glued_sentences(text: str) -> set[int]:
    return {
        match.end()
        for match in _GLUED.finditer(text)
        if text[match.end()].isupper() and text[match.end() + 1].islower()
    }


def break_places(text: str) -> list[int]:
    """Where a paragraph shows a break inside it: after each line break, and where a sentence
    runs into the next with no space between them."""
    places = _line_breaks(text) | _glued_sentences(text)
    return sorted(place for place in places if 0 < place < len(text))


def long_paragraph_words(paragraphs: list[str]) -> int:
    """How many words make a paragraph suspiciously long among these."""
    median = statistics.median(word_count(text) for text in paragraphs) if paragraphs else 0
    return max(LONG_WORDS, int(LONG_FACTOR * median))


def merge_doubts(text: str, long_words: int) -> list[str]:
    """Why a kept paragraph may be two or more run together, in words; [] when it looks whole."""
    doubts = []
    if _line_breaks(text):
        doubts.append(_("It has line breaks: it may be several paragraphs run together."))
    if _glued_sentences(text):
        doubts.append(_("A sentence runs into the next with no space: two blocks may have joined."))
    count = word_count(text)
    if count >= long_words:
        doubts.append(
            ngettext(
                "It is much longer than the other paragraphs (%(count)d word): it may be two.",
                "It is much longer than the other paragraphs (%(count)d words): it may be two.",
                count,
            )
            % {"count": count}
        )
    return doubts
