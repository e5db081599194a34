"""Score the reading importer on the article corpus (99 real pages with gold text).

The corpus is test data in the repository: articles/tests/data/corpus/articles/.

Usage: python bench/import_corpus.py [--runs 3] [--page NAME] [--folds 5] [--by site|origin]
                                     [--no-cv] [--big NAME]

First the whole corpus with the importer's default Tuning: one row per page (token F1,
paragraph F1, title, byline, paragraph counts, time, merged/split/extra/missing paragraphs),
the totals and the failure counts. Then k-fold cross-validation: the pages are split into
folds that never share a site (``--by site``, stratified by the repository each page's gold came
from) or one fold per source repository (``--by origin``, leave-one-source-out); for each fold
the Tuning that scores best on the other folds is chosen from a small grid and the fold is
scored with it. Each page is parsed once; only the judging is repeated per grid point.
"""

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from articles.importing import extract_reading  # noqa: E402
from articles.importing.tuning import DEFAULT_TUNING  # noqa: E402
from articles.tests.corpus_scoring import (  # noqa: E402
    GRID,
    CorpusScore,
    CrossValidation,
    cross_validate,
    folds_by_origin,
    folds_by_site,
    format_table,
    load_pages,
    score_corpus,
)


def import_page(page):
    return extract_reading(data=page.html, filename="source.html", url=page.url)


def big_page(page, megabytes: int = 7) -> bytes:
    """A page of ``megabytes`` made by repeating a corpus page's body, for the time limit on
    very large pages."""
    html = page.html.decode("utf-8", "replace")
    match = re.search(r"(<body[^>]*>)(.*)(</body>)", html, re.DOTALL | re.IGNORECASE)
    body = match.group(2)
    copies = max(1, (megabytes * 1024 * 1024 - len(html.encode())) // len(body.encode()) + 1)
    return (html[: match.start(2)] + body * copies + html[match.end(2) :]).encode()


def time_big_page(pages, name: str = "") -> None:
    """Import a page of about 7 MB and check that nothing of the page it repeats is lost: every
    paragraph the page itself gives is among the big page's (the extractor reads a run of
    identical paragraphs once, so most pages give exactly their own)."""
    # By default the longest text, which makes the most blocks to judge.
    page = next((page for page in pages if page.name == name), None) or max(
        pages, key=lambda page: len(page.expected["paragraphs"])
    )
    data = big_page(page)
    started, cpu_started = time.perf_counter(), time.process_time()
    reading = extract_reading(data=data, filename="source.html")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    big, own = kept_paragraphs(reading), kept_paragraphs(import_page(page))
    kept = set(big)
    lost = [text for text in own if text not in kept]
    print(
        f"a {len(data) / 1024 / 1024:.1f} MB page ({page.name}'s body repeated): {seconds:.2f} s "
        f"({cpu_seconds:.2f} s of CPU: the figure a busy machine does not inflate); "
        f"{len(big)} paragraphs ({len(own)} from the page itself), {len(lost)} of those lost, "
        f"exactly the page's own: {'yes' if big == own else 'no'}"
    )


def kept_paragraphs(reading) -> list[str]:
    return [block.text for block in reading.blocks if block.included]


def report_cross_validation(validation: CrossValidation) -> None:
    chosen = Counter()
    for number, (tuning, score) in enumerate(validation.folds, start=1):
        knobs = {knob: getattr(tuning, knob) for knob in GRID}
        chosen[tuple(knobs.items())] += 1
        print(f"fold {number} ({len(score.pages)} pages): {knobs}\n  held out: {score.summary()}")
    held_out = validation.held_out
    print(f"held-out folds: {held_out.summary()}")
    print("held-out failures:", failure_line(held_out))
    weak = sorted(page.name for page in held_out.pages if page.token_f1 < 0.7)
    print(f"held-out pages below 0.70 token F1: {len(weak)} {' '.join(weak)}")
    for knobs, times in chosen.most_common():
        print(f"chosen {times}x: {dict(knobs)}")
    print(f"defaults: { {knob: getattr(DEFAULT_TUNING, knob) for knob in GRID} }")


def failure_line(score: CorpusScore) -> str:
    return " ".join(f"{kind}={count}" for kind, count in score.failure_counts().items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timing runs; the fastest is kept")
    parser.add_argument("--page", default="", help="only pages whose name contains this")
    parser.add_argument("--folds", type=int, default=5, help="folds when grouping by site")
    parser.add_argument("--by", choices=("site", "origin"), default="site")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--big", default="", help="the page whose body makes the 7 MB page")
    arguments = parser.parse_args()
    pages = [page for page in load_pages() if arguments.page in page.name]
    import_page(pages[0])  # load the language model and parsers once, outside the timings
    runs = [score_corpus(import_page, pages) for _ in range(max(1, arguments.runs))]
    fastest = [
        min(scores, key=lambda score: score.milliseconds)
        for scores in zip(*(run.pages for run in runs), strict=True)
    ]
    score = CorpusScore(pages=fastest)
    print(format_table(score))
    print(f"whole corpus, default tuning: {score.summary()}")
    print("failures:", failure_line(score))
    time_big_page(pages, arguments.big)
    if arguments.no_cv or len(pages) < 2:
        return
    if arguments.by == "site":
        folds = folds_by_site(pages, arguments.folds)
    else:
        folds = folds_by_origin(pages)
    report_cross_validation(cross_validate(pages, folds))


if __name__ == "__main__":
    main()
