"""Sort a page's blocks: decide its title, byline and author note, and set boilerplate aside.

The rules live beside this module by job (titles, bylines, boilerplate, dates); here they are
applied in order, each to what the ones before left open.
"""

from dataclasses import dataclass

from .boilerplate import LINK_BLOCK_SHARE, block_reason
from .bylines import byline_from_block, clean_name, declared_byline, is_author_note
from .candidates import Candidate, Hints, Region, Role
from .doubts import byline_doubt, decision_doubts
from .reading import Block, BlockKind
from .reasons import (
    AUTHOR_NOTE,
    BYLINE,
    DUPLICATE,
    HEADLINE_LIST,
    HIDDEN,
    PAGE_ASIDE,
    PHOTO_CAPTION,
    RELATED_LINK,
    SITE_CHROME,
    TITLE,
)
from .text_shape import is_sentence, is_title_like, normalise, overlap, word_count
from .titles import choose_title, heading_text, title_from_text
from .tuning import DEFAULT_TUNING, Tuning

# Navigation, forms, sidebars and hidden blocks that hold more than this share of the page's
# text are its main column whatever the markup says (some sites wrap the whole page in a <form>,
# or hide the article until a script shows it).
MAIN_COLUMN_SHARE = 0.8
_MAYBE_MAIN_COLUMN = {Region.ASIDE, Region.HIDDEN}
_REGION_REASONS = {
    Region.HIDDEN: HIDDEN,
    Region.CAPTION: PHOTO_CAPTION,
    Region.ASIDE: PAGE_ASIDE,
    Region.FEED: HEADLINE_LIST,
}


@dataclass
class Assembled:
    title: str
    byline: str
    byline_doubt: str
    author_note: str
    blocks: list[Block]


class _Sorter:
    """Collects the verdict for each candidate, in source order."""

    def __init__(self, candidates: list[Candidate], tuning: Tuning) -> None:
        self.tuning = tuning
        self.candidates = [c for c in candidates if c.text.strip()]
        self.reasons: list[str | None] = [None] * len(self.candidates)

    def exclude(self, index: int, reason: str) -> None:
        if self.reasons[index] is None:
            self.reasons[index] = reason

    def open_indexes(self) -> list[int]:
        return [i for i, reason in enumerate(self.reasons) if reason is None]

    def blocks(self) -> list[Block]:
        doubts = decision_doubts(self.candidates, self.reasons)
        return [
            _block(candidate, reason, doubt)
            for candidate, reason, doubt in zip(self.candidates, self.reasons, doubts, strict=True)
        ]


def _block(candidate: Candidate, reason: str | None, doubt: str) -> Block:
    if reason is not None:
        return Block(candidate.text.strip(), BlockKind.EXCLUDED, reason, doubt)
    if candidate.role == Role.HEADING:
        return Block(heading_text(candidate.text), BlockKind.HEADING)
    return Block(candidate.text.strip(), BlockKind.PARAGRAPH, doubt=doubt)


def assemble(
    candidates: list[Candidate], hints: Hints, tuning: Tuning = DEFAULT_TUNING
) -> Assembled:
    """Decide title, byline, author note and the fate of every block."""
    sorter = _Sorter(candidates, tuning)
    title = choose_title(hints, tuning) or title_from_text(sorter.candidates)
    _mark_title_repeats(sorter, title)
    closing = [c.text for c in sorter.candidates[-tuning.closing_blocks_for_bio :]]
    declared, byline_confidence = declared_byline(hints, tuning, closing)
    byline = _mark_bylines(sorter, declared)
    for index in sorter.open_indexes():
        reason = block_reason(sorter.candidates[index])
        if reason:
            sorter.exclude(index, reason)
    _mark_regions(sorter)
    _mark_headline_lists(sorter)
    _mark_leading_metadata(sorter)
    _mark_trailing_sections(sorter)
    author_note = _mark_author_notes(sorter, byline)
    _mark_duplicates(sorter)
    _mark_orphan_headings(sorter)
    return Assembled(
        title=title,
        byline=byline,
        byline_doubt=byline_doubt(byline, byline_confidence, sorter.reasons),
        author_note=author_note,
        blocks=sorter.blocks(),
    )


def _mark_title_repeats(sorter: _Sorter, title: str) -> None:
    """The headline (whole or in parts) and anything above it is not part of the body."""
    if not title:
        return
    wanted = normalise(title)
    last = None
    for index, candidate in enumerate(sorter.candidates[:12]):
        text = normalise(heading_text(candidate.text)).rstrip(":")
        is_part = candidate.role == Role.HEADING and len(text) > 10 and text in wanted
        if text == wanted or is_part:
            sorter.exclude(index, TITLE)
            last = index
    if last is not None:
        for before in range(last):
            if not is_sentence(sorter.candidates[before].text):
                sorter.exclude(before, SITE_CHROME)


def _mark_bylines(sorter: _Sorter, byline: str) -> str:
    """A "By Jane Doe" line near the top is the byline; a line that is just the author's name
    (perhaps with a role: "Jane Doe, Staff Writer") goes with it."""
    for index in sorter.open_indexes()[:8]:
        found = byline_from_block(sorter.candidates[index].text)
        if found:
            sorter.exclude(index, BYLINE)
            if not byline or overlap(byline, found) < 1:
                byline = found
            break
    if not byline:
        return ""
    wanted = normalise(byline)
    for index in sorter.open_indexes()[:8]:
        text = sorter.candidates[index].text
        if len(text) > 150 or is_sentence(text):
            continue
        name = normalise(clean_name(text.split(",")[0]))
        if name == wanted or normalise(clean_name(text)) == wanted:
            sorter.exclude(index, BYLINE)
    return byline


def _mark_regions(sorter: _Sorter) -> None:
    """What the page's markup hides or puts in a figure caption, a feed of teasers, a
    navigation bar, a form or a sidebar is not the article."""
    total = sum(len(candidate.text) for candidate in sorter.candidates)
    for region, reason in _REGION_REASONS.items():
        members = [i for i, c in enumerate(sorter.candidates) if c.region == region]
        share = sum(len(sorter.candidates[i].text) for i in members)
        if region in _MAYBE_MAIN_COLUMN and share > MAIN_COLUMN_SHARE * total:
            continue
        for index in members:
            sorter.exclude(index, reason)


def _mark_headline_lists(sorter: _Sorter) -> None:
    """After a chrome label ("Most Popular"), the short lines that follow are its headlines."""
    candidates = sorter.candidates
    for index, reason in enumerate(list(sorter.reasons)):
        if reason not in (SITE_CHROME, RELATED_LINK):
            continue
        following = index + 1
        while following < len(candidates) and sorter.reasons[following] is None:
            candidate = candidates[following]
            if candidate.role == Role.HEADING or not is_title_like(candidate.text):
                break
            if candidate.link_share < LINK_BLOCK_SHARE and candidate.role != Role.LIST_ITEM:
                break
            sorter.exclude(following, HEADLINE_LIST)
            following += 1


def _mark_leading_metadata(sorter: _Sorter) -> None:
    """A list before the first paragraph whose items are all a few words is the article's
    metadata strip (date, section, comment count), not its content."""
    candidates = sorter.candidates
    first_sentence = next(
        (i for i, c in enumerate(candidates) if is_sentence(c.text) and sorter.reasons[i] is None),
        len(candidates),
    )
    groups: dict[int, list[int]] = {}
    for index in range(first_sentence):
        if candidates[index].role == Role.LIST_ITEM and candidates[index].group is not None:
            groups.setdefault(candidates[index].group, []).append(index)
    for members in groups.values():
        if all(word_count(candidates[i].text) <= 6 for i in members):
            for index in members:
                sorter.exclude(index, SITE_CHROME)


def _is_body_text(candidate: Candidate) -> bool:
    return word_count(candidate.text) >= 25 and is_sentence(candidate.text)


def _mark_trailing_sections(sorter: _Sorter) -> None:
    """Once the article has run its course, a "You might also like" or "Comments" label starts
    the page's furniture: everything after it goes unless the article clearly resumes (two
    full paragraphs in a row)."""
    candidates = sorter.candidates
    count = len(candidates)
    body = [sorter.reasons[i] is None and _is_body_text(c) for i, c in enumerate(candidates)]
    # resumes_after[i]: two body paragraphs in a row start somewhere at i or later.
    resumes_after = [False] * (count + 1)
    for index in range(count - 2, -1, -1):
        resumes_after[index] = resumes_after[index + 1] or (body[index] and body[index + 1])
    body_seen = 0
    for index in range(count):
        if body[index]:
            body_seen += 1
        elif (
            body_seen >= sorter.tuning.paragraphs_before_trailer
            and sorter.reasons[index] in (SITE_CHROME, HEADLINE_LIST)
            and not resumes_after[index + 1]
        ):
            for later in range(index + 1, count):
                sorter.exclude(later, SITE_CHROME)
            return


def _mark_author_notes(sorter: _Sorter, byline: str) -> str:
    """Bios sit just under the byline or at the very end."""
    notes: list[str] = []
    open_indexes = sorter.open_indexes()
    near = open_indexes[:2] + open_indexes[-3:]
    for index in sorted(set(near)):
        text = sorter.candidates[index].text.strip()
        if is_author_note(text, byline):
            sorter.exclude(index, AUTHOR_NOTE)
            notes.append(text)
    return "\n\n".join(notes)


def _mark_duplicates(sorter: _Sorter) -> None:
    seen: set[str] = set()
    for index in sorter.open_indexes():
        key = normalise(sorter.candidates[index].text)
        if len(key) > 40 and key in seen:
            sorter.exclude(index, DUPLICATE)
        seen.add(key)


def _mark_orphan_headings(sorter: _Sorter) -> None:
    """A heading with nothing kept after it introduced a box that was set aside."""
    open_indexes = sorter.open_indexes()
    if open_indexes and sorter.candidates[open_indexes[-1]].role == Role.HEADING:
        sorter.exclude(open_indexes[-1], SITE_CHROME)
