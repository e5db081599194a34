"""Quotes and their selectors: the exact words, what surrounds them, and where they stand."""

import pytest

from articles.quotes import Span, quote_at, quote_find

TEXT = "We hold these truths to be self-evident, that all men are created equal, that all men"


def test_the_selectors_of_a_span():
    quote = quote_at(TEXT, Span(8, 20))
    assert (quote.exact, quote.start, quote.end) == ("these truths", 8, 20)
    assert quote.prefix == "We hold "
    assert quote.suffix == " to be self-evident, that all me"


def test_a_span_outside_the_text_is_refused():
    with pytest.raises(ValueError):
        quote_at(TEXT, Span(80, 200))
    with pytest.raises(ValueError):
        quote_at(TEXT, Span(5, 5))


def test_the_occurrence_whose_surroundings_agree_wins():
    second = TEXT.rindex("that all men")
    found = quote_find(TEXT, "that all men", prefix="equal, ", suffix="")
    assert found == Span(second, second + len("that all men"))
    first = TEXT.index("that all men")
    assert quote_find(TEXT, "that all men", suffix=" are created") == Span(first, first + 12)


def test_without_surroundings_the_one_nearest_the_hint_wins():
    second = TEXT.rindex("all men")
    assert quote_find(TEXT, "all men", near=second - 2) == Span(second, second + 7)
    assert quote_find(TEXT, "all men").start == TEXT.index("all men")


def test_words_not_in_the_text_are_not_found():
    assert quote_find(TEXT, "life, liberty") is None
    assert quote_find(TEXT, "") is None


def test_characters_are_counted_as_code_points():
    text = "Ṫhe 🌍 turns, and the 🌍 is round"
    span = quote_find(text, "🌍 is round")
    assert text[span.start : span.end] == "🌍 is round"
