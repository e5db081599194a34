"""The shape every format is turned into before the shared clean-up rules run."""

from dataclasses import dataclass, field
from enum import StrEnum

from .page_evidence import Evidence


class Role(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CODE = "code"
    CAPTION = "caption"
    TABLE_ROW = "table_row"
    # The summary under a headline, recovered from the page's description.
    STANDFIRST = "standfirst"


class Region(StrEnum):
    """Where the page puts a block, as its markup says (HTML only)."""

    BODY = "body"
    # A <figcaption>.
    CAPTION = "caption"
    # Navigation, a footer, a form, a complementary region.
    ASIDE = "aside"
    # A teaser among a run of teasers for other articles.
    FEED = "feed"
    # Not shown: ``hidden``, ``display: none`` (metadata for machines, a closed menu).
    HIDDEN = "hidden"


@dataclass
class Candidate:
    """A block as the source laid it out, before deciding whether it belongs to the reading."""

    text: str
    role: Role = Role.PARAGRAPH
    # How much of the block is the text of links (HTML only).
    link_share: float = 0.0
    # Which list, quote or table the block came from, so a run can be judged as a whole.
    group: int | None = None
    region: Region = Region.BODY


@dataclass
class Hints:
    """Metadata the source declares about itself (HTML ``<meta>``, docx core properties)."""

    title: str = ""
    author: str = ""
    description: str = ""
    language: str = ""
    site_name: str = ""
    # What the page says about its author and headline, place by place (see page_evidence).
    author_evidence: list[Evidence] = field(default_factory=list)
    title_evidence: list[Evidence] = field(default_factory=list)
