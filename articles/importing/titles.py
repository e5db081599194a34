"""The headline: the one the page declares, its own <h1>, or the line that opens the text."""

import re

from .boilerplate import is_chrome_label
from .bylines import byline_from_block
from .candidates import Candidate, Hints, Role
from .page_evidence import Source
from .text_shape import is_title_like, normalise, overlap, words
from .tuning import Tuning


def strip_site_name(title: str, site_name: str) -> str:
    """ "Headline | Site" or "Headline - Site" → "Headline" when the tail names the site."""
    match = re.match(r"^(?P<head>.+?)\s+(?P<separator>[|–—-])\s+(?P<tail>[^|–—]+)$", title)
    if not match:
        return title
    tail = normalise(match.group("tail"))
    site = normalise(site_name)
    names_site = bool(site) and (tail in site or site in tail)
    # A pipe almost always separates a site or section; a dash may be part of the headline.
    if names_site or (match.group("separator") == "|" and len(words(tail)) <= 3):
        return strip_site_name(match.group("head"), site_name)
    return title


_DECLARED = (Source.LINKED_DATA, Source.OPEN_GRAPH, Source.DOCUMENT_TITLE)


def _agree(heading: str, declared: str, tuning: Tuning) -> bool:
    """The same headline, perhaps cut short or with a word changed, in either place."""
    shown, stated = normalise(heading), normalise(declared)
    return (
        shown == stated
        or (len(words(heading)) >= 3 and stated.startswith(shown))
        or min(overlap(heading, declared), overlap(declared, heading)) >= tuning.title_agreement
    )


def choose_title(hints: Hints, tuning: Tuning) -> str:
    """The headline the page shows (``<h1>``, else ``<h2>``) that its declared titles (JSON-LD,
    Open Graph, ``<title>``, less a site-name suffix) agree with. Without agreement, the
    ``<h1>`` unless it merely names the site (a logo), else the declared title."""
    evidence = hints.title_evidence
    stated = [item.text for item in evidence if item.source in _DECLARED]
    declared = [strip_site_name(text, hints.site_name) for text in stated]
    # What the declared titles say besides the headline: the site's name, usually.
    tails = [text[len(head) :] for text, head in zip(stated, declared, strict=True)]
    site = " ".join([hints.site_name, *tails])
    # The extractor's title may be the <h1> itself, so it is a witness only when no other speaks.
    if not declared and hints.title:
        declared = [strip_site_name(hints.title.strip(), hints.site_name)]
    shown = [item for item in evidence if item.source in (Source.H1, Source.H2)]
    for item in shown:
        if is_chrome_label(item.text):
            continue
        for title in declared:
            if normalise(title) in normalise(item.text) and len(words(title)) >= 3:
                return title
            if _agree(item.text, title, tuning):
                return item.text
    headlines = [
        item.text
        for item in shown
        if item.source == Source.H1
        and len(words(item.text)) >= 3
        and not is_chrome_label(item.text)
    ]
    for headline in headlines:
        names_site = overlap(headline, site) >= tuning.title_agreement
        if not (names_site and declared):
            return headline
    return declared[0] if declared else ""


def title_from_text(blocks: list[Candidate]) -> str:
    """Plain text: the headline sits just above a "By …" line, or opens the text."""
    for index in range(min(len(blocks), 10)):
        if byline_from_block(blocks[index].text):
            for before in range(index - 1, -1, -1):
                text = blocks[before].text.strip()
                if is_title_like(text) and not is_chrome_label(text):
                    return heading_text(text)
            break
    for index in range(min(len(blocks), 5)):
        candidate = blocks[index]
        text = candidate.text.strip()
        if is_chrome_label(text):
            continue
        # A subtitle may sit between the headline and the text.
        followed_by_text = any(not is_title_like(b.text) for b in blocks[index + 1 : index + 3])
        if candidate.role == Role.HEADING or (is_title_like(text) and followed_by_text):
            return heading_text(text)
        break
    return ""


def heading_text(text: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", text).strip()
