"""Web pages: trafilatura finds the main text; its XML tree is read back into candidate blocks."""

import contextlib
import copy
import re
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

from .candidates import Candidate, Hints, Role
from .page_evidence import author_evidence, title_evidence
from .page_map import PageMap
from .text_shape import ends_a_sentence, is_sentence, word_count

_NO_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAK = "\x00"

# Lines a single <br> separates are paragraphs of their own when every line but the last is a
# finished sentence of at least this many words; a poem's or an address's lines are shorter,
# or run on without closing punctuation.
LINE_PARAGRAPH_MIN_WORDS = 8


def _collect(element, parts: list[str]) -> None:
    if element.tag == "lb":
        parts.append(_LINE_BREAK)
    elif element.text and element.tag != "graphic":
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _flatten(element) -> str:
    """The element's text with source whitespace collapsed. A ``<lb/>`` is kept as a line
    break; a run of them leaves an empty line, which is how a page shows a new paragraph, and
    comes out as a blank line ("\\n\\n")."""
    parts: list[str] = []
    _collect(element, parts)
    text = _SPACES.sub(" ", "".join(parts))
    paragraphs: list[list[str]] = [[]]
    for line in (line.strip() for line in text.split(_LINE_BREAK)):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _code_text(element) -> str:
    lines = "".join(element.itertext()).splitlines()
    return "\n".join(line.rstrip() for line in lines).strip("\n")


# Elements of trafilatura's output that start a block of their own; everything else is inline.
_BLOCK_TAGS = {"p", "head", "list", "item", "quote", "table", "div", "section"}


def _is_block(element) -> bool:
    # Inline <code> inside a sentence stays in it; a multi-line listing is a block.
    if element.tag == "code":
        return "\n" in "".join(element.itertext()).strip()
    return element.tag in _BLOCK_TAGS


def _lays_out_blocks(table) -> bool:
    """A table used for page layout holds paragraphs and headings in its cells; a table of
    data holds a value in each."""
    return any(_is_block(child) for row in table for cell in row for child in cell)


# How many levels above the element holding the extracted text a continuation of the article
# may branch off: a page that cuts its article into chunks around advertisements repeats the
# chunk's container, a level or two up.
CONTINUATION_LEVELS = 3
# A continuation holds at least this many finished sentences in paragraphs of its own.
CONTINUATION_MIN_PARAGRAPHS = 2
_EXTRACTION_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "include_formatting": False,
    "include_images": False,
}


def _paragraph_pieces(text: str, role: Role) -> list[str]:
    """One paragraph, or one per line when its line breaks separate paragraphs rather than
    the lines of a poem or an address."""
    if not text:
        return []
    lines = text.split("\n")
    # A quoted post or poem keeps one block per line, so each can be discussed.
    if role == Role.QUOTE or (len(lines) > 1 and all(map(_reads_as_paragraph, lines[:-1]))):
        return lines
    return [text]


def _reads_as_paragraph(line: str) -> bool:
    return ends_a_sentence(line) and word_count(line) >= LINE_PARAGRAPH_MIN_WORDS


class _Reader:
    """Walks trafilatura's XML body in order, keeping lists, quotes and tables as groups."""

    def __init__(self, tree, page_map: PageMap) -> None:
        self.blocks: list[Candidate] = []
        self.groups = 0
        self.tree = tree
        self.page_map = page_map

    @cached_property
    def links(self) -> set[str]:
        # Needed only for a block the page map cannot place, which most pages never have.
        return _link_texts(self.tree)

    def add_text(self, text: str, role: Role, group: int | None) -> None:
        for paragraph in text.split("\n\n"):
            for piece in _paragraph_pieces(paragraph, role):
                placed = self.page_map.locate(piece)
                if placed is None:
                    link_share = 1.0 if _link_key(piece) in self.links else 0.0
                    self.blocks.append(Candidate(piece, role, link_share, group))
                else:
                    self.blocks.append(Candidate(piece, role, placed[0], group, placed[1]))

    def new_group(self) -> int:
        self.groups += 1
        return self.groups

    def read(self, parent, role: Role = Role.PARAGRAPH, group: int | None = None) -> None:
        """Blocks become candidates; loose text and inline elements between them are gathered
        into one candidate, as a browser would show them."""
        loose = etree.Element("p")
        loose.text = parent.text
        for element in parent:
            if not _is_block(element):
                loose.append(copy.deepcopy(element))
                continue
            self.add_text(_flatten(loose), role, group)
            loose = etree.Element("p")
            loose.text = element.tail
            self.read_block(element, role, group)
        self.add_text(_flatten(loose), role, group)

    def read_block(self, element, role: Role, group: int | None) -> None:
        tag = element.tag
        if tag == "head":
            self.add_text(_one_line(_flatten(element)), Role.HEADING, None)
        elif tag == "list":
            list_group = self.new_group()
            for item in element:
                if item.tag == "item":
                    self.read(item, Role.LIST_ITEM, list_group)
        elif tag == "item":
            self.read(element, Role.LIST_ITEM, group or self.new_group())
        elif tag == "quote":
            self.read(element, Role.QUOTE, self.new_group())
        elif tag == "code":
            self.blocks.append(Candidate(_code_text(element), Role.CODE))
        elif tag == "table" and _lays_out_blocks(element):
            for row in element:
                for cell in row:
                    self.read(cell, role, group)
        elif tag == "table":
            table_group = self.new_group()
            for row in element.iter("row"):
                text = " ".join(filter(None, (_one_line(_flatten(cell)) for cell in row)))
                self.add_text(text, Role.TABLE_ROW, table_group)
        elif tag == "p" and not any(_is_block(child) for child in element):
            self.add_text(_flatten(element), role, group)
        else:
            self.read(element, role, group)


def _link_key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _link_texts(tree) -> set[str]:
    """Texts of the page's links, to recognise blocks that are nothing but a link."""
    texts = set()
    for anchor in tree.iter("a"):
        key = _link_key(anchor.text_content())
        if len(key) > 12:
            texts.add(key)
    return texts


def _meta_description(tree) -> str:
    for content in tree.xpath(
        '//meta[@name="description" or @property="og:description" or @name="twitter:description"]'
        "/@content"
    ):
        text = _SPACES.sub(" ", str(content)).strip()
        if len(text) > 40:
            return text
    return ""


def _shown_in_body(tree, text: str) -> bool:
    """Whether a page element shows exactly this text (a standfirst, not just a meta tag)."""
    return bool(
        tree.xpath(
            "//body//*[self::p or self::h2 or self::h3 or self::div or self::span or self::section]"
            "[normalize-space(.) = $text]",
            text=text,
        )
    )


def _restore_standfirst(blocks: list[Candidate], standfirst: str) -> None:
    """trafilatura often drops the standfirst (dek) printed under the headline. When the page
    shows its description, offer it before the first paragraph for the teacher to include."""
    key = _link_key(standfirst)
    if any(key in _link_key(block.text) for block in blocks[:8]):
        return
    first = next(
        (i for i, b in enumerate(blocks) if b.role == Role.PARAGRAPH and len(b.text) > 80), None
    )
    if first is not None:
        blocks.insert(first, Candidate(standfirst, Role.STANDFIRST))


def _paragraph_key(text: str) -> str:
    return _NO_SPACE.sub("", text)[:80]


def _holding_element(tree, body):
    """The innermost page element holding every paragraph the extractor kept, found by text:
    the nearest common ancestor of the first and the last of them, each searched for from its
    end of the page."""
    kept = {_paragraph_key("".join(p.itertext())) for p in body.iter("p")}
    kept.discard("")
    paragraphs = list(tree.iter("p"))
    first = next((p for p in paragraphs if _paragraph_key(p.text_content()) in kept), None)
    last = next((p for p in reversed(paragraphs) if _paragraph_key(p.text_content()) in kept), None)
    if first is None or first is last:
        return None
    last_ancestors = set(last.iterancestors())
    return next((a for a in first.iterancestors() if a in last_ancestors), None)


def _is_continuation(element, of) -> bool:
    """An element of the same kind as ``of`` (tag and class), holding paragraphs of running text
    and no headline of its own (a whole other article, or a teaser's linked heading)."""
    if element.tag != of.tag or element.get("class") != of.get("class"):
        return False
    if element.xpath(".//h1 | .//*[self::h2 or self::h3][.//a[@href]]"):
        return False
    sentences = sum(is_sentence(p.text_content().strip()) for p in element.iter("p"))
    return sentences >= CONTINUATION_MIN_PARAGRAPHS


def _continuations(tree, body) -> list:
    """Chunks of the article the extractor left behind: later siblings of the same kind as the
    element holding its text, or as one of that element's nearest ancestors."""
    element = _holding_element(tree, body)
    found = []
    for _level in range(CONTINUATION_LEVELS):
        if element is None or element.tag in ("body", "html"):
            break
        found.extend(s for s in element.itersiblings() if _is_continuation(s, element))
        element = element.getparent()
    return found


def _extend_with_continuations(tree, body) -> None:
    """Append what the extractor finds in the continuations, read together as a page of their
    own."""
    chunks = _continuations(tree, body)
    if not chunks:
        return
    inner = b"".join(etree.tostring(chunk, encoding="utf-8") for chunk in chunks)
    document = bare_extraction(
        load_html(b"<html><body>%s</body></html>" % inner), **_EXTRACTION_OPTIONS
    )
    if document is not None and document.body is not None:
        body.extend(list(document.body))


def _declared_metadata(tree, url: str) -> Document:
    """trafilatura's reading of the page's title, author, description and site name as the page
    declares them (meta tags, linked data), without its searches of the page for a date, a
    licence, tags or an author: the importer has no use for the first three and finds authors in
    the page's markup itself (page_evidence), and on a page of several megabytes each search
    takes seconds."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    # Malformed linked data leaves the meta tags standing.
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        metadata = extract_meta_json(tree, metadata)
    metadata.title = metadata.title or extract_title(tree)
    metadata.sitename = (metadata.sitename or extract_sitename(tree) or "").lstrip("@")
    if not metadata.sitename and (address := metadata.url or extract_url(tree, url or None)):
        # A page that names no site is known by its web address.
        metadata.sitename = match[1] if (match := META_URL.match(address)) else ""
    elif metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
        metadata.sitename = metadata.sitename.title()
    metadata.clean_and_trim()
    return metadata


def read_html(data: bytes | str, *, url: str = "") -> tuple[list[Candidate], Hints]:
    tree = load_html(data)
    if tree is None:
        raise ValidationError(_("This page could not be read as HTML."))
    description = _meta_description(tree)
    standfirst_shown = bool(description) and _shown_in_body(tree, description)
    hints = Hints(
        language=(tree.get("lang") or tree.get("xml:lang") or "").strip(),
        author_evidence=author_evidence(tree),
        title_evidence=title_evidence(tree),
    )
    metadata = _declared_metadata(tree, url)
    hints.title = metadata.title or ""
    hints.author = metadata.author or ""
    hints.description = metadata.description or ""
    hints.site_name = metadata.sitename or ""
    document = bare_extraction(tree, url=url or None, **_EXTRACTION_OPTIONS)
    if document is None or document.body is None:
        return [], hints
    _extend_with_continuations(tree, document.body)
    reader = _Reader(tree, PageMap(tree))
    reader.read(document.body)
    if standfirst_shown:
        _restore_standfirst(reader.blocks, hints.description)
    return reader.blocks, hints
