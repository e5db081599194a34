"""What a stretch of text looks like: its words, and whether it reads as a sentence or a
headline. The other rules measure blocks with these."""

import re
import unicodedata

_WORD = re.compile(r"\w+(?:[’'.-]\w+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")
_TERMINAL = re.compile(r"[.!?…:;)”\"'’»]$")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def collapse_spaces(text: str) -> str:
    """Every run of white space made one plain space."""
    return _SPACE.sub(" ", text)


def normalise(text: str) -> str:
    """For comparing two strings: casefold, NFKC, typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans("‘’‚“”„–—―", "'''\"\"\"---"))
    return collapse_spaces(text).strip()


def _word_set(text: str) -> set[str]:
    return {word.casefold() for word in words(text)}


def overlap(a: str, b: str) -> float:
    """Share of the words of ``a`` that also occur in ``b``."""
    first, second = _word_set(a), _word_set(b)
    return len(first & second) / len(first) if first else 0.0


def is_title_like(text: str) -> bool:
    """A headline: one line, a handful of words, not a finished sentence."""
    if "\n" in text or len(text) > 200:
        return False
    count = len(words(text))
    if not 1 <= count <= 20:
        return False
    return not text.rstrip().endswith((".", ",", ";", ":")) or text.rstrip().endswith("...")


def is_sentence(text: str) -> bool:
    return len(words(text)) >= 8 and bool(_TERMINAL.search(text.rstrip()))
