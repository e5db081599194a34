"""Phrases of a paragraph marked in its rendered HTML. Quotes count characters of the
paragraph's text (its Markdown source); the HTML shows that text without the Markdown signs,
so each character the reader sees is traced back to the character of the source it shows."""

import re
from dataclasses import dataclass
from functools import cached_property
from html import escape, unescape

# A tag of sanitised HTML: attribute values may hold ">" (nh3 only escapes quotes there).
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_LINK_START = re.compile(r"<a[\s>]", re.IGNORECASE)
_LINK_END = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Highlight:
    """Source characters [start, end) to mark, the mark's attributes and the HTML put after
    it (both already safe)."""

    start: int
    end: int
    attributes: str
    after: str


class TextMap:
    """The text a reader sees in a paragraph's HTML, and where each of its characters stands in
    the paragraph's source text (None for what the HTML adds, such as a closing line break)."""

    def __init__(self, html: str, text: str):
        # (is_tag, tag HTML or decoded text) in document order
        self.pieces: list[tuple[bool, str]] = []
        at = 0
        for tag in _TAG.finditer(html):
            if tag.start() > at:
                self.pieces.append((False, unescape(html[at : tag.start()])))
            self.pieces.append((True, tag.group()))
            at = tag.end()
        if at < len(html):
            self.pieces.append((False, unescape(html[at:])))
        self.shown = "".join(piece for is_tag, piece in self.pieces if not is_tag)
        self.source_of: list[int | None] = []
        cursor = 0
        # Markdown only takes characters away (emphasis signs, link targets, escapes), so each
        # character shown is the next occurrence of it in the source.
        for character in self.shown:
            found = text.find(character, cursor)
            self.source_of.append(found if found != -1 else None)
            if found != -1:
                cursor = found + 1

    def shown_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The shown characters that stand for source characters [start, end)."""
        inside = [i for i, at in enumerate(self.source_of) if at is not None and start <= at < end]
        return (inside[0], inside[-1] + 1) if inside else None

    def shown_to_source(self, start: int, end: int) -> tuple[int, int] | None:
        """The source characters that shown characters [start, end) stand for."""
        inside = [at for at in self.source_of[start:end] if at is not None]
        return (inside[0], inside[-1] + 1) if inside else None

    @cached_property
    def offset_steps(self) -> str:
        """Where the source runs ahead of what is shown, as "shown:ahead" pairs at each change
        ("" when the two agree), so a script can count a selection in source characters."""
        steps, ahead = [], 0
        for shown_at, source_at in enumerate(self.source_of):
            if source_at is not None and source_at - shown_at != ahead:
                ahead = source_at - shown_at
                steps.append(f"{shown_at}:{ahead}")
        return " ".join(steps)


def highlight(text_map: TextMap, highlights: list[Highlight]) -> str:
    """The paragraph's HTML with each highlight's shown characters in `<mark>` (one per run of
    text between tags, since a mark cannot cross an element's edge) and its `after` HTML
    following. Highlights must not overlap."""
    spans = []
    for wanted in sorted(highlights, key=lambda highlight: highlight.start):
        shown = text_map.shown_span(wanted.start, wanted.end)
        if shown is not None:
            spans.append((*shown, wanted))
    html, at = [], 0
    # What follows a highlight ending inside a link waits until the link closes: links
    # cannot nest.
    links_open, waiting = 0, []
    for is_tag, piece in text_map.pieces:
        if is_tag:
            html.append(piece)
            if _LINK_START.match(piece):
                links_open += 1
            elif _LINK_END.match(piece) and links_open:
                links_open -= 1
                if not links_open:
                    html.extend(waiting)
                    waiting.clear()
            continue
        piece_end = at + len(piece)
        cut = at
        while spans and spans[0][0] < piece_end:
            start, end, wanted = spans[0]
            start = max(start, cut)
            html.append(escape(piece[cut - at : start - at], quote=False))
            stop = min(end, piece_end)
            marked = escape(piece[start - at : stop - at], quote=False)
            html.append(f"<mark {wanted.attributes}>{marked}</mark>")
            cut = stop
            if end <= piece_end:
                (waiting if links_open else html).append(wanted.after)
                spans.pop(0)
            else:
                break
        html.append(escape(piece[cut - at :], quote=False))
        at = piece_end
    return "".join(html + waiting)
