"""The headline: the one the page declares, its own <h1>, or the line that opens the text."""

import re

from .boilerplate import is_chrome_label
from .bylines import byline_from_block
from .candidates import Candidate, Hints, Role
from .text_shape import is_title_like, normalise, overlap, words


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


def choose_title(hints: Hints) -> str:
    """The page's own headline (``<h1>``) when it agrees with the declared title or when the
    declared one is about something else (a promo, the site's name)."""
    declared = strip_site_name(hints.title.strip(), hints.site_name) if hints.title else ""
    headlines = [h for h in hints.page_headings if len(words(h)) >= 3 and not is_chrome_label(h)]
    for heading in headlines:
        if declared and normalise(declared) in normalise(heading):
            return declared
        if declared and overlap(heading, declared) >= 0.8:
            return heading
    if declared and not any(overlap(declared, heading) >= 0.3 for heading in headlines):
        return headlines[0] if headlines else declared
    return declared or (headlines[0] if headlines else "")


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
