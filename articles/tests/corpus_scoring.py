"""Scores the importer against the article corpus; used by the corpus test and the bench.

The measures follow data/corpus/articles/README.md: token F1 over a bag of lowercase words
(characters in scripts written without spaces),
paragraph F1 over exact (whitespace-normalised) one-to-one matches, lenient title and byline.
"""

import itertools
import json
import re
import statistics
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from articles.importing.pipeline import parse_source, reading_from
from articles.importing.tuning import DEFAULT_TUNING, Tuning

from . import CORPUS_DIR

_WHITESPACE = re.compile(r"\s+")
# Scripts written without spaces between words are scored character by character; Korean
# (Hangul) puts spaces between words and is scored by words like the rest.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_TOKEN = re.compile(rf"[{_UNSPACED}]|(?:(?![{_UNSPACED}])\w)+")
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
    return Counter(_TOKEN.findall(text))


def _part_of(part: Counter, whole: Counter) -> bool:
    """Most (80 %) of ``part``'s tokens occur in ``whole``."""
    size = sum(part.values())
    return bool(size) and sum((part & whole).values()) >= 0.8 * size


def _unmatched(paragraphs: list[str], others: list[str]) -> list[str]:
    """``paragraphs`` less one copy of each of ``others``, in order."""
    spare = Counter(others)
    left = []
    for paragraph in paragraphs:
        if spare[paragraph]:
            spare[paragraph] -= 1
        else:
            left.append(paragraph)
    return left


def paragraph_failures(predicted: list[str], gold: list[str]) -> Counter:
    """How predicted paragraphs fail to line up with gold ones, by kind: a predicted paragraph
    holding two gold ones or more is *merged*; a gold one spread over two predicted ones or more
    is *split*; a predicted paragraph sharing nothing with any gold one (neither part of one nor
    holding one) is *extra*; a gold paragraph that no predicted one holds or is part of is
    *missing*. Paragraphs that match a gold one exactly are set aside first."""
    predicted = [normalise_whitespace(p) for p in predicted if p.strip()]
    gold = [normalise_whitespace(g) for g in gold if g.strip()]
    predicted_left, gold_left = _unmatched(predicted, gold), _unmatched(gold, predicted)
    predicted_tokens = [_tokens([p]) for p in predicted_left]
    gold_tokens = [_tokens([g]) for g in gold_left]
    failures = Counter(merged=0, split=0, extra=0, missing=0)
    inside = [[_part_of(g, p) for g in gold_tokens] for p in predicted_tokens]  # gold in pred
    within = [[_part_of(p, g) for g in gold_tokens] for p in predicted_tokens]  # pred in gold
    for row_inside, row_within in zip(inside, within, strict=True):
        failures["merged"] += sum(row_inside) >= 2
        failures["extra"] += not any(row_inside) and not any(row_within)
    for column in range(len(gold_tokens)):
        pieces = sum(row[column] for row in within)
        failures["split"] += pieces >= 2
        failures["missing"] += not pieces and not any(row[column] for row in inside)
    return failures


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
    failures: Counter


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

    def failure_counts(self) -> Counter:
        """Paragraph failures summed over the pages, with the pages whose title or byline
        is wrong."""
        counts = Counter(merged=0, split=0, extra=0, missing=0)
        for page in self.pages:
            counts.update(page.failures)
        counts["wrong_title"] = len(self.pages) - self.titles
        counts["wrong_byline"] = len(self.pages) - self.bylines
        return counts

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
        failures=paragraph_failures(reading.paragraphs, gold),
    )


def score_corpus(extract: Callable, pages: list[CorpusPage] | None = None) -> CorpusScore:
    pages = load_pages() if pages is None else pages
    return CorpusScore(pages=[score_page(page, extract) for page in pages])


def format_table(score: CorpusScore) -> str:
    lines = [
        f"{'page':36} {'tokF1':>6} {'parF1':>6} {'title':>5} {'by':>3} {'¶':>7} {'ms':>6}"
        "  merged/split/extra/missing"
    ]
    for page in score.pages:
        lines.append(
            f"{page.name:36} {page.token_f1:6.3f} {page.paragraph_f1:6.3f} "
            f"{'ok' if page.title_ok else '--':>5} {'ok' if page.byline_ok else '--':>3} "
            f"{page.predicted_paragraphs:>3}/{page.gold_paragraphs:<3} {page.milliseconds:6.0f}"
            f"  {page.failures['merged']}/{page.failures['split']}/"
            f"{page.failures['extra']}/{page.failures['missing']}"
        )
    return "\n".join(lines)


# The grid stays small: a few values around the defaults of the knobs that matter most.
GRID = {
    "byline_min_confidence": (0.3, 0.5, 0.7),
    "byline_weight_name_under_title": (0.35, 0.5),
    "title_agreement": (0.6, 0.8),
    "paragraphs_before_trailer": (2, 3),
}


def objective(score: CorpusScore) -> float:
    """Text, paragraphs, titles and bylines count alike."""
    count = len(score.pages)
    return score.mean_token_f1 + score.mean_paragraph_f1 + (score.titles + score.bylines) / count


def _site(page: CorpusPage) -> str:
    return page.name.split("-")[0]


def _origin(page: CorpusPage) -> str:
    return page.expected["origin"].split(":")[0]


def folds_by_site(pages: list[CorpusPage], count: int = 5) -> list[list[CorpusPage]]:
    """Whole sites dealt in turn to the folds, one source repository after another, so each
    fold holds a share of every gold convention and no site sits on both sides."""
    sites = defaultdict(list)
    for page in pages:
        sites[_site(page)].append(page)
    order = sorted(sites, key=lambda name: (_origin(sites[name][0]), name))
    folds = [[] for _ in range(count)]
    for index, name in enumerate(order):
        folds[index % count].extend(sites[name])
    return [fold for fold in folds if fold]


def folds_by_origin(pages: list[CorpusPage]) -> list[list[CorpusPage]]:
    """Leave one source repository out: its gold conventions are unseen when tuning."""
    groups = defaultdict(list)
    for page in pages:
        groups[_origin(page)].append(page)
    return [groups[name] for name in sorted(groups)]


@dataclass(frozen=True)
class CrossValidation:
    default: CorpusScore  # every page under the default tuning
    folds: list[tuple[Tuning, CorpusScore]]  # each fold under the tuning its complement chose

    @property
    def held_out(self) -> CorpusScore:
        return CorpusScore(pages=[page for _, score in self.folds for page in score.pages])


def cross_validate(pages: list[CorpusPage], folds: list[list[CorpusPage]]) -> CrossValidation:
    """For each fold, the grid's tuning that scores best on the other folds, scored on it.
    Each page is parsed once; only the judging is repeated per grid point."""
    parsed = {page.name: parse_source(data=page.html, filename="source.html", url=page.url)
              for page in pages}  # fmt: skip
    tunings = [
        replace(DEFAULT_TUNING, **dict(zip(GRID, values, strict=True)))
        for values in itertools.product(*GRID.values())
    ]
    scores = {
        tuning: {
            page.name: score_page(page, lambda p, t=tuning: reading_from(parsed[p.name], tuning=t))
            for page in pages
        }
        for tuning in tunings
    }
    chosen = []
    for fold in folds:
        names = {page.name for page in fold}
        training = [page.name for page in pages if page.name not in names]

        def rank(tuning: Tuning, training: list[str] = training) -> tuple[float, bool]:
            score = CorpusScore(pages=[scores[tuning][name] for name in training])
            return round(objective(score), 6), tuning == DEFAULT_TUNING  # ties go to the default

        best = max(tunings, key=rank)
        chosen.append((best, CorpusScore(pages=[scores[best][page.name] for page in fold])))
    default = CorpusScore(pages=[scores[DEFAULT_TUNING][page.name] for page in pages])
    return CrossValidation(default=default, folds=chosen)
