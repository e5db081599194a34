"""Writes for readings: create one, and revise one without orphaning any comment."""

import re
from datetime import timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.rendering import clean_text, render_markdown, render_plain_text

from .access import OWNER, owns_reading, refuse
from .importing import ImportSource, extract_source
from .importing.reading import Block, BlockKind, ImportedReading
from .limits import one_at_a_time
from .models import (
    Direction,
    ImportAttempt,
    Paragraph,
    ParagraphKind,
    Reading,
    ReadingDraft,
    ReadingVersion,
    TextFormat,
)
from .signals import reading_revised

_BLANK_LINES = re.compile(r"\n\s*\n")
# Where a new sentence starts: after . ! ? or … (and any closing quote or bracket), then space.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=\S)")
_WHITESPACE = re.compile(r"\s+")
_HEADING_LINE = re.compile(r"^#{1,6}[ \t]+(?P<text>\S.*?)[ \t#]*$")

# An edited paragraph keeps its comments only when most of its wording survives; below this,
# comments go to "removed passages" rather than risk landing on the wrong paragraph.
SIMILARITY_THRESHOLD = 0.6


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay inside one."""
    return [block.strip() for block in _BLANK_LINES.split(clean_text(text)) if block.strip()]


def split_headings(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Typed text's blocks and their kinds: a block that is one Markdown heading line
    ("## Causes") is a heading, kept without its marks."""
    texts, kinds = [], []
    for block in paragraphs:
        heading = _HEADING_LINE.match(block) if "\n" not in block else None
        texts.append(heading["text"] if heading else block)
        kinds.append(ParagraphKind.HEADING if heading else ParagraphKind.PARAGRAPH)
    return texts, kinds


def join_headings(paragraphs) -> str:
    """A version's text as the edit form shows it: blank lines between blocks, headings
    marked as Markdown headings so they stay headings when saved again."""
    return "\n\n".join(
        f"## {paragraph.text}" if paragraph.is_heading else paragraph.text
        for paragraph in paragraphs
    )


def _check_kinds(paragraphs: list[str], kinds: list[str] | None) -> list[str]:
    kinds = list(kinds) if kinds is not None else [ParagraphKind.PARAGRAPH] * len(paragraphs)
    if len(kinds) != len(paragraphs) or not set(kinds) <= set(ParagraphKind.values):
        raise ValueError("Give one kind, paragraph or heading, for each paragraph.")
    if ParagraphKind.PARAGRAPH not in kinds:
        raise ValidationError(_("A reading needs at least one paragraph of text."))
    return kinds


def version_create(
    *, reading: Reading, paragraphs: list[str], created_by, kinds: list[str] | None = None
) -> ReadingVersion:
    """Add a version holding `paragraphs` in order and make it the reading's current one.

    `kinds` says which are headings (all are paragraphs without it); only paragraphs are
    numbered."""
    kinds = _check_kinds(paragraphs, kinds)
    number = (reading.current_version.number + 1) if reading.current_version_id else 1
    version = ReadingVersion.objects.create(reading=reading, number=number, created_by=created_by)
    render = render_markdown if reading.text_format == TextFormat.MARKDOWN else render_plain_text
    numbers, counted = [], 0
    for kind in kinds:
        counted += kind == ParagraphKind.PARAGRAPH
        numbers.append(counted if kind == ParagraphKind.PARAGRAPH else None)
    rows = zip(paragraphs, kinds, numbers, strict=True)
    Paragraph.objects.bulk_create(
        Paragraph(
            reading=reading, version=version, position=position, kind=kind, number=number,
            text=text, html=render(text),
        )
        for position, (text, kind, number) in enumerate(rows)
    )  # fmt: skip
    reading.current_version = version
    reading.save(update_fields=["current_version"])
    return version


@transaction.atomic
def reading_create(
    *,
    owner,
    title: str,
    paragraphs: list[str],
    byline: str = "",
    author_note: str = "",
    source: str = "",
    language: str = "en",
    direction: str = Direction.LTR,
    text_format: str = TextFormat.MARKDOWN,
    kinds: list[str] | None = None,
) -> Reading:
    _check_kinds(paragraphs, kinds)
    reading = Reading.objects.create(
        owner=owner,
        title=clean_text(title),
        byline=clean_text(byline),
        author_note=clean_text(author_note),
        source=clean_text(source),
        language=language,
        direction=direction,
        text_format=text_format,
    )
    version_create(reading=reading, paragraphs=paragraphs, kinds=kinds, created_by=owner)
    return reading


def _normalized(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _similarity(old: str, new: str) -> float:
    matcher = SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def match_paragraphs(old: list[str], new: list[str]) -> dict[int, int]:
    """Map old paragraph indexes to new ones: identical text first, then the most similar."""
    matches: dict[int, int] = {}
    unmatched_new: dict[str, list[int]] = {}
    for index, text in enumerate(new):
        unmatched_new.setdefault(_normalized(text), []).append(index)
    for index, text in enumerate(old):
        candidates = unmatched_new.get(_normalized(text))
        if candidates:
            matches[index] = candidates.pop(0)
    taken = set(matches.values())
    pairs = sorted(
        (
            (_similarity(old[i], new[j]), i, j)
            for i in range(len(old))
            if i not in matches
            for j in range(len(new))
            if j not in taken
        ),
        reverse=True,
    )
    for score, i, j in pairs:
        if score < SIMILARITY_THRESHOLD:
            break
        if i not in matches and j not in taken:
            matches[i] = j
            taken.add(j)
    return matches


def _off_headings(matches: dict[int, int], old: list[Paragraph], new_kinds: list[str]):
    """A paragraph that became a heading hands its comments and prompts on to the next
    paragraph (the one before when it was the last): a heading has no discussion."""
    paragraph_indexes = [j for j, kind in enumerate(new_kinds) if kind == ParagraphKind.PARAGRAPH]
    moved = {}
    for old_index, new_index in matches.items():
        if old[old_index].is_heading or new_kinds[new_index] != ParagraphKind.HEADING:
            moved[old_index] = new_index
            continue
        after = [j for j in paragraph_indexes if j > new_index]
        moved[old_index] = after[0] if after else paragraph_indexes[-1]
    return moved


@transaction.atomic
def reading_revise(
    *,
    reading: Reading,
    paragraphs: list[str],
    editor,
    kinds: list[str] | None = None,
    **details: str,
) -> ReadingVersion:
    """Save edited text as a new version; every old paragraph points to where it went.

    `kinds` says which blocks are headings (none without it). `details` updates title,
    byline, author_note or source in place (they are not versioned).
    """
    if not owns_reading(editor, reading):
        refuse(OWNER)
    reading = Reading.objects.select_for_update().get(pk=reading.pk)
    for name, value in details.items():
        if name not in {"title", "byline", "author_note", "source"}:
            raise ValueError(f"Unknown reading detail {name!r}")
        setattr(reading, name, clean_text(value))
    reading.save(update_fields=list(details))
    kinds = _check_kinds(paragraphs, kinds)
    old = list(reading.current_paragraphs())
    if [(p.text, p.kind) for p in old] == list(zip(paragraphs, kinds, strict=True)):
        return reading.current_version
    version = version_create(reading=reading, paragraphs=paragraphs, kinds=kinds, created_by=editor)
    new = list(version.paragraphs.order_by("position"))
    matches = match_paragraphs([p.text for p in old], paragraphs)
    for old_index, new_index in _off_headings(matches, old, kinds).items():
        old[old_index].successor = new[new_index]
    Paragraph.objects.bulk_update(old, ["successor"])
    revised = [paragraph for paragraph in old if paragraph.successor_id is not None]
    reading_revised.send(sender=Reading, reading=reading, revised=revised)
    return version


class ImportLimitReached(ValidationError):
    """Too many imports from files or web addresses this hour (the view answers 429)."""


@transaction.atomic
def import_attempt_record(*, owner) -> None:
    """Count an import from a file or web address before it fetches anything, or refuse when
    this account reached READING_IMPORT_LIMIT_PER_HOUR in the last hour."""
    one_at_a_time(owner)
    limit = settings.READING_IMPORT_LIMIT_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    if ImportAttempt.objects.filter(owner=owner, created_at__gte=since).count() >= limit:
        raise ImportLimitReached(
            ngettext(
                "You can import at most %(limit)d reading an hour from files or web addresses. "
                "Please try again later, or paste the text instead.",
                "You can import at most %(limit)d readings an hour from files or web addresses. "
                "Please try again later, or paste the text instead.",
                limit,
            )
            % {"limit": limit}
        )
    ImportAttempt.objects.create(owner=owner)


def draft_create(*, owner, imported: ImportedReading, next_url: str = "") -> ReadingDraft:
    """Keep an import for the teacher to check before anyone sees it; `next_url` is where
    saving it leads (already checked to stay on this site)."""
    return ReadingDraft.objects.create(
        owner=owner,
        next_url=next_url[:2000],
        title=imported.title[:300],
        byline=imported.byline[:300],
        byline_doubt=imported.byline_doubt,
        author_note=imported.author_note,
        source=imported.source[:2000],
        language=imported.lang or "en",
        direction=imported.dir if imported.dir in Direction.values else Direction.LTR,
        text_format=imported.text_format,
        blocks=[
            {
                "text": block.text,
                "included": block.included,
                "reason": block.reason,
                "kind": draft_block_kind(block),
                "doubt": block.doubt,
            }
            for block in imported.blocks
        ],
    )


def draft_block_kind(block: Block) -> str:
    """A draft block keeps whether it is a heading even while left out."""
    return ParagraphKind.HEADING if block.kind == BlockKind.HEADING else ParagraphKind.PARAGRAPH


def draft_merge(*, draft: ReadingDraft, index: int) -> None:
    """Join block `index` with the one after it (kept if either was included)."""
    if not 0 <= index < len(draft.blocks) - 1:
        raise ValidationError(_("There is no next block to merge with."))
    first, second = draft.blocks[index], draft.blocks[index + 1]
    first["text"] = f"{first['text'].rstrip()} {second['text'].lstrip()}"
    first["included"] = first["included"] or second["included"]
    # Joined to text, a heading becomes part of a paragraph.
    if second.get("kind") != ParagraphKind.HEADING:
        first["kind"] = ParagraphKind.PARAGRAPH
    first["reason"] = "" if first["included"] else first["reason"]
    del draft.blocks[index + 1]


def sentence_starts(text: str) -> list[int]:
    """Where each sentence after the first begins in `text`: the places a block may split."""
    return [match.end() for match in _SENTENCE_BREAK.finditer(text)]


def draft_split(*, draft: ReadingDraft, index: int, at: int | None = None) -> None:
    """Break block `index` at character `at` of its text (the cursor, or a sentence the
    teacher chose), or, without one, at the blank lines typed into it."""
    if not 0 <= index < len(draft.blocks):
        raise ValidationError(_("There is no such block."))
    block = draft.blocks[index]
    if at is None:
        pieces = split_paragraphs(block["text"])
    else:
        pieces = [piece.strip() for piece in (block["text"][:at], block["text"][at:])]
    if len(pieces) < 2 or not all(pieces):
        raise ValidationError(
            _(
                "Choose where the new paragraph starts: put the cursor there, or pick its "
                "first sentence, then press Split."
            )
        )
    draft.blocks[index : index + 1] = [{**block, "text": piece} for piece in pieces]


def draft_save(*, draft: ReadingDraft) -> ReadingDraft:
    """Keep the teacher's edits, merges and splits, made on the draft in memory, for later."""
    draft.save()
    return draft


def draft_discard(*, draft: ReadingDraft) -> None:
    """Throw away an import the teacher no longer wants; nothing else refers to it."""
    draft.delete()


@transaction.atomic
def draft_publish(*, draft: ReadingDraft) -> Reading:
    """Turn a checked draft into a reading; the draft is used up."""
    imported = ImportedReading(
        title=draft.title,
        byline=draft.byline,
        author_note=draft.author_note,
        blocks=[
            Block(text=b["text"], kind=BlockKind(b.get("kind", BlockKind.PARAGRAPH)))
            for b in draft.blocks
            if b["included"]
        ],
        lang=draft.language,
        dir=draft.direction,
        source=draft.source,
        text_format=draft.text_format,
    )
    reading = reading_save_import(imported=imported, owner=draft.owner)
    draft.delete()
    return reading


@transaction.atomic
def reading_save_import(*, imported: ImportedReading, owner) -> Reading:
    """Save an import as it stands (after the teacher's preview, or straight from the command
    line): its included blocks become the paragraphs."""
    title = imported.title.strip()
    if not title:
        raise ValidationError({"title": _("Give the reading a title.")})
    kept = [
        (text, kind)
        for text, kind in zip(
            (clean_text(p).strip() for p in imported.paragraphs), imported.kinds, strict=True
        )
        if text
    ]
    if not any(kind == ParagraphKind.PARAGRAPH for _text, kind in kept):
        raise ValidationError(_("Include at least one paragraph."))
    return reading_create(
        owner=owner,
        title=title[:300],
        byline=imported.byline.strip()[:300],
        author_note=imported.author_note.strip(),
        source=imported.source[:2000],
        paragraphs=[text for text, _kind in kept],
        kinds=[kind for _text, kind in kept],
        language=imported.lang or "en",
        direction=imported.dir if imported.dir in Direction.values else Direction.LTR,
        text_format=imported.text_format,
    )


def reading_import(*, source: ImportSource, owner) -> Reading:
    """Run pasted text, a file or a fetched page through the import pipeline and save it.
    Raises ValidationError (and saves nothing) for empty, oversized or unreadable input."""
    return reading_save_import(imported=extract_source(source), owner=owner)
