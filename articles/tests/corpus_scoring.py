"""Scores the importer against the article corpus; used by the corpus test and the bench.

The measures follow data/corpus/articles/README.md: token F1 over a bag of lowercase words,
paragraph F1 over exact (whitespace-normalised) one-to-one matches, lenient title and byline.
"""

import json
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from . import CORPUS_DIR

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]+$")
_TYPOGRAPHY = str.maketrans("‘’‚‛“”„‟–—―−", "''''\"\"\"\"----")


@dataclass(frozen=True)
class CorpusPage:
    name: str
    html: bytes
    expected: dict

    @property
    def url(self) -> str:
        return self.expected.get("url") or ""


def load_pages(collection: str = "articles") -> list[CorpusPage]:
    """Every page of one corpus folder (``articles`` or ``snippet_checks``), sorted by name."""
    folder = CORPUS_DIR / collection
    return [
        CorpusPage(
            name=page.name,
            html=(page / "source.html").read_bytes(),
            expected=json.loads((page / "expected.json").read_text(encoding="utf-8")),
        )
        for page in sorted(folder.iterdir())
        if (page / "expected.json").is_file()
    ]


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


def _tokens(paragraphs: list[str]) -> Counter:
    text = unicodedata.normalize("NFKC", " ".join(paragraphs)).lower()
    return Counter(_WORD.findall(text))


def _f1(matched: int, predicted: int, gold: int) -> float:
    if not predicted and not gold:
        return 1.0
    if not matched:
        return 0.0
    precision, recall = matched / predicted, matched / gold
    return 2 * precision * recall / (precision + recall)


def token_f1(predicted: list[str], gold: list[str]) -> float:
    predicted_tokens, gold_tokens = _tokens(predicted), _tokens(gold)
    matched = sum((predicted_tokens & gold_tokens).values())
    return _f1(matched, sum(predicted_tokens.values()), sum(gold_tokens.values()))


def paragraph_f1(predicted: list[str], gold: list[str]) -> float:
    """Predicted paragraphs equal to a gold one after whitespace normalisation, one-to-one."""
    predicted_counts = Counter(normalise_whitespace(p) for p in predicted if p.strip())
    gold_counts = Counter(normalise_whitespace(g) for g in gold if g.strip())
    matched = sum((predicted_counts & gold_counts).values())
    return _f1(matched, sum(predicted_counts.values()), sum(gold_counts.values()))


def _comparable(text: str) -> str:
    return normalise_whitespace(text.translate(_TYPOGRAPHY)).casefold()


def title_matches(predicted: str, expected: dict) -> bool:
    """The gold title or any alternative from the page markup, less a " - Site" suffix."""
    candidates = [expected["title"], *expected.get("title_alternatives", [])]
    accepted = set()
    for candidate in candidates:
        accepted.add(_comparable(candidate))
        accepted.add(_comparable(_SITE_SUFFIX.sub("", candidate)))
    guess = _comparable(predicted)
    return bool(guess) and (
        guess in accepted or _comparable(_SITE_SUFFIX.sub("", guess)) in accepted
    )


def _name_words(byline: str) -> list[str]:
    words = _WORD.findall(_comparable(byline))
    if words[:1] == ["by"]:
        words = words[1:]
    return words


def byline_matches(predicted: str, expected: dict) -> bool:
    """Names compared case-insensitively without "By"; either may carry extra words."""
    gold = expected.get("byline")
    guess = _name_words(predicted or "")
    if not gold:
        return not guess
    names = _name_words(gold)
    if not guess:
        return False
    joined_guess, joined_names = f" {' '.join(guess)} ", f" {' '.join(names)} "
    return joined_guess in joined_names or joined_names in joined_guess


@dataclass(frozen=True)
class PageScore:
    name: str
    token_f1: float
    paragraph_f1: float
    title_ok: bool
    byline_ok: bool
    milliseconds: float
    predicted_paragraphs: int
    gold_paragraphs: int


@dataclass(frozen=True)
class CorpusScore:
    pages: list[PageScore]

    @property
    def mean_token_f1(self) -> float:
        return statistics.fmean(page.token_f1 for page in self.pages)

    @property
    def mean_paragraph_f1(self) -> float:
        return statistics.fmean(page.paragraph_f1 for page in self.pages)

    @property
    def titles(self) -> int:
        return sum(page.title_ok for page in self.pages)

    @property
    def bylines(self) -> int:
        return sum(page.byline_ok for page in self.pages)

    @property
    def median_milliseconds(self) -> float:
        return statistics.median(page.milliseconds for page in self.pages)

    def summary(self) -> str:
        count = len(self.pages)
        return (
            f"mean_token_f1={self.mean_token_f1:.4f} para_f1={self.mean_paragraph_f1:.4f} "
            f"title={self.titles}/{count} byline={self.bylines}/{count} "
            f"median_ms={self.median_milliseconds:.0f}"
        )


def score_page(page: CorpusPage, extract: Callable) -> PageScore:
    """``extract(page)`` returns an object with ``title``, ``byline`` and ``paragraphs``."""
    started = time.perf_counter()
    reading = extract(page)
    milliseconds = (time.perf_counter() - started) * 1000
    gold = page.expected["paragraphs"]
    return PageScore(
        name=page.name,
        token_f1=token_f1(reading.paragraphs, gold),
        paragraph_f1=paragraph_f1(reading.paragraphs, gold),
        title_ok=title_matches(reading.title, page.expected),
        byline_ok=byline_matches(reading.byline, page.expected),
        milliseconds=milliseconds,
        predicted_paragraphs=len(reading.paragraphs),
        gold_paragraphs=len(gold),
    )


def score_corpus(extract: Callable, pages: list[CorpusPage] | None = None) -> CorpusScore:
    pages = load_pages() if pages is None else pages
    return CorpusScore(pages=[score_page(page, extract) for page in pages])


def format_table(score: CorpusScore) -> str:
    lines = [f"{'page':36} {'tokF1':>6} {'parF1':>6} {'title':>5} {'by':>3} {'¶':>7} {'ms':>6}"]
    for page in score.pages:
        lines.append(
            f"{page.name:36} {page.token_f1:6.3f} {page.paragraph_f1:6.3f} "
            f"{'ok' if page.title_ok else '--':>5} {'ok' if page.byline_ok else '--':>3} "
            f"{page.predicted_paragraphs:>3}/{page.gold_paragraphs:<3} {page.milliseconds:6.0f}"
        )
    return "\n".join(lines)
