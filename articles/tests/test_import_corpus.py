"""The importer on real pages: the 28-page gold corpus and the snippet checks (data/corpus)."""

import pytest

from articles.importing import extract_reading

from .corpus_scoring import load_pages, score_corpus


def import_page(page):
    return extract_reading(data=page.html, filename="source.html", url=page.url)


@pytest.fixture(scope="module")
def corpus_score():
    return score_corpus(import_page)


def test_corpus_has_all_28_pages(corpus_score):
    assert len(corpus_score.pages) == 28


def test_mean_token_f1_is_at_least_096(corpus_score):
    assert corpus_score.mean_token_f1 >= 0.96, corpus_score.summary()


def test_mean_paragraph_f1_is_at_least_085(corpus_score):
    assert corpus_score.mean_paragraph_f1 >= 0.85, corpus_score.summary()


def test_no_page_falls_below_070_token_f1(corpus_score):
    weak = {
        page.name: round(page.token_f1, 3) for page in corpus_score.pages if page.token_f1 < 0.7
    }
    assert not weak


def test_titles_match_on_at_least_26_pages(corpus_score):
    missed = [page.name for page in corpus_score.pages if not page.title_ok]
    assert corpus_score.titles >= 26, missed


def test_bylines_match_on_at_least_22_pages(corpus_score):
    missed = [page.name for page in corpus_score.pages if not page.byline_ok]
    assert corpus_score.bylines >= 22, missed


@pytest.mark.parametrize("page", load_pages(), ids=lambda page: page.name)
def test_language_and_direction_match_the_page(page):
    imported = import_page(page)
    assert (imported.lang, imported.dir) == (page.expected["lang"], page.expected["dir"])


SNIPPET_PAGES = load_pages("snippet_checks")


@pytest.mark.parametrize("page", SNIPPET_PAGES, ids=lambda page: page.name)
def test_snippet_pages_keep_the_article_and_drop_the_boilerplate(page):
    imported = import_page(page)
    text = "\n".join(imported.paragraphs)
    missing = [snippet for snippet in page.expected["must_include"] if snippet not in text]
    leaked = [snippet for snippet in page.expected["must_exclude"] if snippet in text]
    assert not missing and not leaked, {"missing": missing, "leaked": leaked}
    assert (imported.lang, imported.dir) == (page.expected["lang"], page.expected["dir"])
