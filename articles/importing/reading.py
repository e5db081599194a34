"""What an import produces: metadata plus every block of text, each included or excluded."""

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    # Part of the reading, shown as a sub-heading: not numbered, not discussed.
    HEADING = "heading"
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class Block:
    """One numbered block of the preview; ``reason`` says why an excluded block was left out,
    ``doubt`` why keeping or leaving it out was a close call (see ``doubts``)."""

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    reason: str = ""
    doubt: str = ""

    @property
    def included(self) -> bool:
        return self.kind != BlockKind.EXCLUDED


@dataclass(frozen=True)
class ImportedReading:
    title: str
    byline: str = ""
    # Why the byline is worth checking (see ``doubts``), or "".
    byline_doubt: str = ""
    author_note: str = ""
    blocks: list[Block] = field(default_factory=list)
    lang: str = "en"
    dir: str = "ltr"
    source: str = ""
    text_format: str = "plain"  # "markdown" for Markdown files, whose formatting is kept

    @property
    def paragraphs(self) -> list[str]:
        """The reading's text in order, headings included (see ``kinds``)."""
        return [block.text for block in self.blocks if block.included]

    @property
    def kinds(self) -> list[str]:
        """For each of ``paragraphs``, "paragraph" or "heading"."""
        return [str(block.kind) for block in self.blocks if block.included]

    @property
    def excluded(self) -> list[Block]:
        return [block for block in self.blocks if not block.included]

    def as_json(self) -> dict:
        """The command line's ``--json`` shape."""
        return {
            "title": self.title,
            "byline": self.byline,
            "author_note": self.author_note,
            "paragraphs": self.paragraphs,
            "lang": self.lang,
            "dir": self.dir,
            "kinds": self.kinds,
        }
