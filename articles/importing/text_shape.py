"""What a stretch of text looks like: its words, and whether it reads as a sentence or a
headline. The other rules measure blocks with these."""

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")
# Chinese and Japanese put no spaces between words: a run of their characters counts as one
# word per two characters, so that thresholds counted in words hold for them too.
_UNSPACED_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")
_SPACE = re.compile(r"\s+")
_TERMINAL = re.compile(r"[.!?…:;)”\"'’»。！？」』）؟।]$")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """How many words the text has, in any script."""
    unspaced = _UNSPACED_RUN.findall(text)
    spaced = _UNSPACED_RUN.sub(" ", text)
    return len(words(spaced)) + sum((len(run) + 1) // 2 for run in unspaced)


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
    count = word_count(text)
    if not 1 <= count <= 20:
        return False
    return not text.rstrip().endswith((".", ",", ";", ":")) or text.rstrip().endswith("...")


def ends_a_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def is_sentence(text: str) -> bool:
    return word_count(text) >= 8 and ends_a_sentence(text)
