"""How well the import preview's doubts point at the importer's mistakes, on the article corpus.

Usage: python bench/import_doubts.py

For each kind of doubt: how many blocks (or bylines) it marks over the 99 pages, and what share
of them the importer got wrong by the gold text (a block kept that is not a gold paragraph, a
block left out that is one, a byline that does not match), beside the same share for blocks
and bylines with no doubt. A doubt earns its place when its share wrong is well above that.
"""

import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from articles.importing import BlockKind, extract_reading  # noqa: E402
from articles.importing.doubts import long_paragraph_words, merge_doubts  # noqa: E402
from articles.tests.corpus_scoring import (  # noqa: E402
    byline_matches,
    load_pages,
    normalise_whitespace,
)


def main() -> None:
    marked: Counter = Counter()
    wrong: Counter = Counter()
    pages = load_pages()
    for page in pages:
        imported = extract_reading(data=page.html, url=page.url)
        gold = {normalise_whitespace(text) for text in page.expected["paragraphs"]}
        kept = [b.text for b in imported.blocks if b.kind == BlockKind.PARAGRAPH]
        long_words = long_paragraph_words(kept)
        for block in imported.blocks:
            in_gold = normalise_whitespace(block.text) in gold
            kinds = [block.doubt] if block.doubt else []
            if block.kind == BlockKind.PARAGRAPH:
                # Named by their words up to the colon or the count: one row per kind.
                kinds += [
                    str(doubt).split(":")[0].split(" (")[0]
                    for doubt in merge_doubts(block.text, long_words)
                ]
            kinds = kinds or ["no doubt, kept" if block.included else "no doubt, left out"]
            for kind in kinds:
                marked[kind] += 1
                wrong[kind] += in_gold != block.included
        kind = "byline on thin evidence" if imported.byline_doubt else "no doubt, byline"
        marked[kind] += 1
        wrong[kind] += not byline_matches(imported.byline, page.expected)
    print(f"{len(pages)} pages: what each doubt marks, and the share of it the importer got wrong")
    for kind in sorted(marked):
        print(f"  {kind:<50} {marked[kind]:>5}   {wrong[kind] / marked[kind]:6.1%} wrong")


if __name__ == "__main__":
    main()
