"""Score the reading importer on the article corpus (99 real pages with gold text).

The corpus is test data in the repository: articles/tests/data/corpus/articles/.

Usage: python bench/import_corpus.py [--runs 3] [--page NAME]
Prints one row per page (token F1, paragraph F1, title, byline, paragraph counts, time) and
a last line: mean_token_f1=… para_f1=… title=K/N byline=K/N median_ms=…
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from articles.importing import extract_reading  # noqa: E402
from articles.tests.corpus_scoring import (  # noqa: E402
    CorpusScore,
    format_table,
    load_pages,
    score_corpus,
)


def import_page(page):
    return extract_reading(data=page.html, filename="source.html", url=page.url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timing runs; the fastest is kept")
    parser.add_argument("--page", default="", help="only pages whose name contains this")
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
    print(score.summary())


if __name__ == "__main__":
    main()
