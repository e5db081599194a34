"""Who wrote it: "By …" lines, people's names, and the short biography of an author."""

import re

from .candidates import Hints
from .dates import is_date_word
from .text_shape import collapse_spaces, normalise, overlap, words

_BYLINE_PREFIX = re.compile(
    r"^(?:by|written by|words by|story by|text by|por|par|de|von|autor|autorka|author|"
    r"بقلم)\s*[:\-–—]?\s+(?P<name>.+)$",
    re.IGNORECASE,
)
_BIO_VERB = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:\s+(?:(?:de|da|del|della|der|den|di|du|la|le|van|von|y|"
    r"bin|ibn|al|el)\s+)*[A-ZÀ-ÖØ-Þ][\w’'.-]*){0,4})(?:\s*\([^)]{1,80}\))?,?"
    r"\s+(?:is|was|has been|es|fue|est|était|ist|war|je|byl|byla|è|é)\s+"
    r"(?:an?|the|un|una|une|le|la|el|der|die|ein|eine|o|a|uma|um)?\s*",
)
_PROFESSIONS = re.compile(
    r"journalist|writer|author|editor|correspondent|reporter|columnist|contributor|producer|"
    r"analyst|professor|lecturer|researcher|scholar|fellow|historian|novelist|poet|critic|"
    r"blogger|freelance|photographer|essayist|economist|scientist|director|founder|student|"
    r"periodista|escritor|escritora|politólog|abogad|investigador|profesor|analista|"
    r"journaliste|écrivain|rédacteur|chercheur|professeur|novinář|redaktor|spisovatel|"
    r"Journalist|Autor|Redakteur",
    re.IGNORECASE,
)
_NAME_PARTICLES = {
    "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von", "y", "bin",
    "ibn", "al", "el", "e", "and", "&",
}  # fmt: skip
_DETERMINERS = {
    "the", "this", "that", "these", "those", "it", "he", "she", "they", "we", "our", "his", "her",
    "their", "a", "an", "le", "la", "les", "el", "los", "las", "der", "die", "das", "un", "une",
}  # fmt: skip


def clean_name(name: str) -> str:
    """A byline's names without trailing dates or stray words: "Jane Doe May 3" → "Jane Doe"."""
    name = collapse_spaces(name).strip(" ,;|–—-·•")
    name = re.split(
        r"\s+[|•·]\s+|\s+[–—-]\s+|\s*\b(?:updated|published|posted)\b", name, maxsplit=1
    )[0]
    name = re.sub(r"^(?:by|por|par|von)\s+", "", name, flags=re.IGNORECASE)
    parts = name.split()
    while parts and (
        parts[-1].rstrip(",.").isdigit()
        or (len(parts) > 2 and is_date_word(parts[-1].rstrip(",.")))
        or (parts[-1][:1].islower() and parts[-1].lower() not in _NAME_PARTICLES)
    ):
        parts.pop()
    return " ".join(parts).strip(" ,;")


def looks_like_name(text: str) -> bool:
    """One or a few people's names: capitalised words joined by commas or "and"."""
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 12 or len(text) > 120:
        return False
    capitalised = [t for t in tokens if t[:1].isupper()]
    others = [t for t in tokens if not t[:1].isupper() and t.lower() not in _NAME_PARTICLES]
    return len(capitalised) >= 1 and not others and not text.rstrip().endswith((".", "!", "?"))


def byline_from_block(text: str) -> str:
    """The names in a "By …" line, or "" when the block is not one."""
    if "\n" in text.strip() or len(text) > 150:
        return ""
    match = _BYLINE_PREFIX.match(text.strip())
    if not match:
        return ""
    name = clean_name(match.group("name"))
    return name if looks_like_name(name) else ""


def is_author_note(text: str, byline: str) -> bool:
    """A short biography ("Jane Doe is a journalist who…"): about the author, not the story."""
    if len(text) > 900 or len(words(text)) < 6:
        return False
    match = _BIO_VERB.match(text)
    if not match:
        return False
    name = match.group("name")
    if name.split()[0].casefold() in _DETERMINERS:
        return False
    if byline and overlap(name, byline) >= 0.5:
        return True
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return bool(_PROFESSIONS.search(first_sentence)) and len(name.split()) >= 2


def declared_byline(hints: Hints) -> str:
    """trafilatura's author string, cleaned ("Jane Doe; JANE DOE" → "Jane Doe"); failing
    that, the first name the page marks up as its author."""
    marked_up = [clean_name(text) for text in hints.authors_in_markup]
    marked_up = [name for name in marked_up if looks_like_name(name)]
    names: list[str] = []
    for part in re.split(r"\s*;\s*", hints.author or ""):
        name = clean_name(part)
        # The page's own markup may show where a name ends ("Jane Doe" of "Jane Doe Tuesday").
        shorter = [m for m in marked_up if f"{normalise(name)} ".startswith(f"{normalise(m)} ")]
        name = min(shorter, key=len) if shorter else name
        if name and normalise(name) not in {normalise(n) for n in names}:
            names.append(name)
    if not names and marked_up:
        names.append(marked_up[0])
    return ", ".join(names)
