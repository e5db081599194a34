"""What a web page says about itself — its headline and its author — gathered from every place
pages put them (JSON-LD, meta tags, author markup, the lines under the headline), each
piece labelled with where it came from so the title and byline rules can weigh them."""

import itertools
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Linked-data types whose ``author`` is the author of the page itself (not of a quoted claim).
_WORK_TYPE = re.compile(r"Article$|BlogPosting$|Posting$|^Report$|^Recipe$|^WebPage$|^Review$")
# How far below the headline a byline can sit: elements and characters of text.
_NEAR_TITLE_ELEMENTS = 60
_NEAR_TITLE_TEXT = 120


class Source(StrEnum):
    LINKED_DATA = "linked data"
    META = "meta"
    NEAR_TITLE = "near title"
    AUTHOR_MARKUP = "author markup"
    AUTHOR_CLASS = "author class"
    # The page's first author element that holds no other and stands outside asides, figures
    # and navigation: how a page marks up the author of its own article before any teaser's.
    FIRST_AUTHOR_ELEMENT = "first author element"
    EXTRACTOR = "extractor"
    NAME_UNDER_TITLE = "name under title"
    # A short biography of a writer closing the page ("Jane Doe is a journalist who…").
    AUTHOR_BIO = "author bio"
    OPEN_GRAPH = "open graph"
    DOCUMENT_TITLE = "document title"
    H1 = "h1"
    H2 = "h2"


@dataclass(frozen=True)
class Evidence:
    text: str
    source: Source


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _linked_data_objects(tree) -> list[dict]:
    """Every JSON-LD object on the page, ``@graph`` members included."""
    found: list[dict] = []
    pending: list = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            pending.append(json.loads(script, strict=False))
        except ValueError:
            continue
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            found.append(item)
            pending.extend(item["@graph"] if isinstance(item.get("@graph"), list) else [])
    return found


def _types(item: dict) -> list[str]:
    declared = item.get("@type", [])
    return [str(t) for t in (declared if isinstance(declared, list) else [declared])]


def _works(tree) -> list[dict]:
    return [
        item
        for item in _linked_data_objects(tree)
        if any(_WORK_TYPE.search(t) for t in _types(item))
    ]


def _author_names(value) -> list[str]:
    """A linked-data ``author``: a name, a Person or Organization, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for entry in value for name in _author_names(entry)]
    return []


def author_evidence(tree) -> list[Evidence]:
    """Every statement of authorship the page makes, strongest kinds first."""
    found: list[Evidence] = []
    for work in _works(tree):
        names = [_clean(name) for name in _author_names(work.get("author"))]
        if any(names):
            found.append(Evidence(", ".join(filter(None, names)), Source.LINKED_DATA))
    for content in tree.xpath(
        '//meta[@name="author" or @property="article:author" or @name="byl"'
        ' or @name="dc.creator" or @name="DC.creator" or @property="og:article:author"]'
        "/@content"
    ):
        found.append(Evidence(_clean(str(content)), Source.META))
    found.extend(_near_title(tree))
    found.extend(_author_elements(tree))
    return found


_SET_ASIDE = etree.XPath(
    "ancestor::*[self::aside or self::nav or self::footer or self::figure or self::form"
    ' or @role="complementary" or @role="navigation" or @role="contentinfo"]'
)


def _author_elements(tree) -> list[Evidence]:
    """Elements marked up as the author's (``rel``/``itemprop``) or classed as a byline, each as
    it reads; then, marked-up ones first, those that hold no other and sit in no aside, as
    candidates for the page's first author element."""
    elements = tree.xpath(
        '//*[@rel="author" or @itemprop="author" or contains(@class, "byline")'
        ' or contains(@class, "author") or contains(@id, "byline")][not(self::meta)]'
    )
    holders = {ancestor for element in elements for ancestor in element.iterancestors()}
    found: list[Evidence] = []
    innermost: dict[Source, list[Evidence]] = {Source.AUTHOR_MARKUP: [], Source.AUTHOR_CLASS: []}
    for element in elements:
        text = _clean(element.text_content())
        if not 0 < len(text) <= 120:
            continue
        marked = element.get("rel") == "author" or element.get("itemprop") == "author"
        source = Source.AUTHOR_MARKUP if marked else Source.AUTHOR_CLASS
        found.append(Evidence(text, source))
        if element not in holders and not _SET_ASIDE(element):
            innermost[source].append(Evidence(text, Source.FIRST_AUTHOR_ELEMENT))
    return found + innermost[Source.AUTHOR_MARKUP] + innermost[Source.AUTHOR_CLASS]


_LINE_TAGS = {"p", "div", "span", "a", "address", "li", "h2", "h3", "h4", "h5", "h6"}


def _following(element):
    """The elements after ``element`` in document order, outside it (XPath's ``following``
    axis, read lazily: on a big page only the first few are wanted)."""
    while element is not None:
        for sibling in element.itersiblings():
            yield from sibling.iter()
        element = element.getparent()


def _near_title(tree) -> list[Evidence]:
    """Short lines just under the first ``<h1>``: where a page prints "By Jane Doe"."""
    headline = next(iter(tree.iter("h1")), None)
    if headline is None:
        return []
    found: list[Evidence] = []
    lines = (element for element in _following(headline) if element.tag in _LINE_TAGS)
    for element in itertools.islice(lines, _NEAR_TITLE_ELEMENTS):
        text = _clean(element.text_content())
        if 0 < len(text) <= _NEAR_TITLE_TEXT and not any(
            _clean(child.text_content()) == text for child in element
        ):
            found.extend(Evidence(line, Source.NEAR_TITLE) for line in _broken_lines(element))
    return found


def _broken_lines(element) -> list[str]:
    """The element's text, one item per line its ``<br>`` tags make ("Jane Doe<br>The Paper")."""
    parts: list[str] = []

    def collect(node) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(element)
    return [line for line in map(_clean, "".join(parts).split("\n")) if line]


def title_evidence(tree) -> list[Evidence]:
    """The headlines a page declares (JSON-LD, Open Graph, ``<title>``) and those it shows."""
    found = [
        Evidence(_clean(work["headline"]), Source.LINKED_DATA)
        for work in _works(tree)
        if isinstance(work.get("headline"), str)
    ]
    for content in tree.xpath(
        '//meta[@property="og:title" or @name="twitter:title" or @property="twitter:title"]'
        "/@content"
    ):
        found.append(Evidence(_clean(str(content)), Source.OPEN_GRAPH))
    found.extend(Evidence(_clean(title.text_content()), Source.DOCUMENT_TITLE)
                 for title in tree.xpath("//head/title | //title")[:1])  # fmt: skip
    found.extend(Evidence(_clean(h1.text_content()), Source.H1) for h1 in tree.iter("h1"))
    found.extend(Evidence(_clean(h2.text_content()), Source.H2) for h2 in tree.iter("h2"))
    return [evidence for evidence in found if evidence.text]
