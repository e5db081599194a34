"""A few lines of a found text around the searched words, the words marked. Built from escaped
pieces: the text is a reader's, so only the <mark> tags added here are markup."""

import html
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# About two lines of a results page.
SNIPPET_LENGTH = 220

_WORD = re.compile(r"\w+")
# A tag of sanitised HTML: nh3 writes every other < and > as &lt; and &gt;, in attribute
# values too, so a tag ends at the first >. (Django's strip_tags, an HTML parser, takes ten
# times as long for the same text.)
_TAG = re.compile(r"<[^>]*>")


def plain_text(rendered_html: str) -> str:
    """The words of sanitised HTML (a comment's body_html, a paragraph's html:
    articles/rendering.py)."""
    return " ".join(html.unescape(_TAG.sub("", rendered_html)).split())


def snippet(text: str, words: list[str]) -> SafeString:
    """`text` cut to SNIPPET_LENGTH around its first searched word, each word of it that
    begins with a searched word marked."""
    starts = tuple(words)
    hits = [match for match in _WORD.finditer(text) if match.group().casefold().startswith(starts)]
    start = 0
    if hits and hits[0].start() > SNIPPET_LENGTH // 3:
        start = text.rfind(" ", 0, hits[0].start() - SNIPPET_LENGTH // 4) + 1
    end = len(text)
    if end - start > SNIPPET_LENGTH:
        end = text.rfind(" ", start, start + SNIPPET_LENGTH)
        end = end if end > start else start + SNIPPET_LENGTH
    pieces = ["…" if start else ""]
    position = start
    for hit in hits:
        if hit.start() < start:
            continue
        if hit.end() > end:
            break
        pieces += [escape(text[position : hit.start()]), "<mark>", escape(hit.group()), "</mark>"]
        position = hit.end()
    pieces += [escape(text[position:end]), "…" if end < len(text) else ""]
    # Every piece from the text went through escape(); the rest is the literal <mark> tags.
    return mark_safe("".join(pieces))  # noqa: S308
