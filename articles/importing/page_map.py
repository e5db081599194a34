"""Where a block of trafilatura's output sits in the page it came from.

trafilatura's tree keeps a block's text but not its surroundings. Each block is found again in
the page's own text, in order, to learn how much of it is link text and whether the page marks
its place as a figure caption, an aside (navigation, footer, form, complementary region), an
item of a feed of other articles, or hidden. The rules that set boilerplate aside weigh these.
"""

import bisect
import re

from lxml import etree

from .candidates import Region
from .text_shape import word_count

_NO_SPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u00ad]+")
_SKIPPED = {"script", "style", "noscript", "template", "svg", "head", "select", "option"}
_ASIDE_TAGS = {"aside", "nav", "footer", "form", "button", "menu"}
_ASIDE_ROLES = {"complementary", "navigation", "contentinfo", "search", "banner", "menu"}
_HEADINGS = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
# An item that opens with a linked headline and holds only a short summary: a teaser.
_TEASER_ITEMS = etree.XPath(
    f"//body//*[self::li or self::article][.//*[{_HEADINGS}]//a[@href]"
    f" or .//a[@href]//*[{_HEADINGS}]]"
)

# A feed is at least this many teasers side by side under one parent: one linked item could be
# a list in the article, a run of them is a stream of other stories.
FEED_MIN_ITEMS = 3
# A teaser holds at most this many words; the article itself, even marked up as an item among
# others, runs longer.
FEED_ITEM_MAX_WORDS = 150
# A block takes the place (caption, aside, feed) that holds more than this share of its text.
REGION_MIN_SHARE = 0.5

_LINK = 1
_CAPTION = 2
_ASIDE = 4
_FEED = 8
_HIDDEN = 16
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A teaser in an aside is a teaser; a caption in a feed item is the teaser's picture.
_REGIONS = (
    (_HIDDEN, Region.HIDDEN),
    (_FEED, Region.FEED),
    (_ASIDE, Region.ASIDE),
    (_CAPTION, Region.CAPTION),
)


class PageMap:
    """The page's visible text without white space, with what each stretch of it sits in."""

    def __init__(self, tree) -> None:
        self._cursor = 0
        texts: list[str] = []
        flags: list[int] = []
        body = tree.find("body")
        if body is not None:
            _walk(body, 0, _feed_items(tree), texts, flags)
        # One substitution over the whole page rather than one per text node; lxml's strings
        # never hold a NUL, so it can mark where each node's text ends.
        squeezed = _NO_SPACE.sub("", "\0".join(texts)).split("\0")
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._flags: list[int] = []
        length = 0
        for part, part_flags in zip(squeezed, flags, strict=True):
            if part:
                self._parts.append(part)
                self._starts.append(length)
                self._flags.append(part_flags)
                length += len(part)
        self._text = "".join(self._parts)

    def locate(self, text: str) -> tuple[float, Region] | None:
        """The share of the text that is link text, and the region holding it; None when the
        text is not found as the page shows it. A visible copy wins over a hidden one."""
        key = _NO_SPACE.sub("", text)
        if not key:
            return None
        start = self._text.find(key, self._cursor)
        if start < 0:
            # Only what lies before the cursor is left to search: a block out of order.
            start = self._text.find(key, 0, self._cursor + len(key) - 1)
        if start < 0:
            return None
        found = self._measure(start, start + len(key))
        if found[1] == Region.HIDDEN:
            shown = self._text.find(key, start + 1)
            if shown >= 0 and (seen := self._measure(shown, shown + len(key)))[1] != Region.HIDDEN:
                start, found = shown, seen
        self._cursor = start + len(key)
        return found

    def _measure(self, start: int, end: int) -> tuple[float, Region]:
        counts = dict.fromkeys((_LINK, _CAPTION, _ASIDE, _FEED, _HIDDEN), 0)
        node = bisect.bisect_right(self._starts, start) - 1
        while node < len(self._starts) and self._starts[node] < end:
            node_end = self._starts[node] + len(self._parts[node])
            overlap = min(end, node_end) - max(start, self._starts[node])
            for flag in counts:
                if self._flags[node] & flag:
                    counts[flag] += overlap
            node += 1
        length = end - start
        region = Region.BODY
        for flag, name in _REGIONS:
            if counts[flag] > REGION_MIN_SHARE * length:
                region = name
                break
        return counts[_LINK] / length, region


def _feed_items(tree) -> set:
    """Teasers that stand with enough others of their kind under one parent."""
    by_parent: dict = {}
    for item in _TEASER_ITEMS(tree):
        if word_count(" ".join(item.itertext())) <= FEED_ITEM_MAX_WORDS:
            by_parent.setdefault(item.getparent(), []).append(item)
    return {item for items in by_parent.values() if len(items) >= FEED_MIN_ITEMS for item in items}


def _walk(element, flags: int, feed_items: set, texts: list[str], text_flags: list[int]) -> None:
    """The texts of the element and its descendants in reading order, each with the flags of
    the places holding it."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED or not tag:
        return
    if tag == "a" and element.get("href"):
        flags |= _LINK
    if tag == "figcaption":
        flags |= _CAPTION
    if tag in _ASIDE_TAGS or element.get("role", "").lower() in _ASIDE_ROLES:
        flags |= _ASIDE
    if element in feed_items:
        flags |= _FEED
    if element.get("hidden") is not None or _HIDING_STYLE.search(element.get("style", "")):
        flags |= _HIDDEN
    if element.text:
        texts.append(element.text)
        text_flags.append(flags)
    for child in element:
        _walk(child, flags, feed_items, texts, text_flags)
        if child.tail:
            texts.append(child.tail)
            text_flags.append(flags)
