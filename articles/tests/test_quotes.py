"""Quotes and their selectors: the exact words, what surrounds them, and where they stand."""

import pytest

from articles.quotes import (
    CLOSE_LOOKS,
    Span,
    quote_at,
    quote_find,
    quote_find_again,
    quote_find_similar,
)

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


def found_words(text: str, span: Span | None) -> str | None:
    return None if span is None else text[span.start : span.end]


@pytest.mark.parametrize(
    ("quoted", "now"),
    [
        ("these truths", "these truths"),  # unchanged
        ("these trueths", "these truths"),  # a typo corrected
        ("self evident", "self-evident"),  # punctuation
        ("we hold these truth", "We hold these truths"),  # a word lengthened: all of it
        ("are created equal, that", "are created equal, that"),
    ],
)
def test_slightly_different_words_are_found(quoted, now):
    assert found_words(TEXT, quote_find_similar(TEXT, quoted)) == now


def test_words_too_different_are_not_found():
    # "men are born free" against "men are created": far fewer than 75 % of the letters agree.
    assert quote_find_similar(TEXT, "men are born free and") is None
    assert quote_find_similar(TEXT, "") is None
    assert quote_find_similar("", "these truths") is None


def test_the_threshold_is_three_quarters_of_the_quote_by_default():
    text = "abcdefghijklmnopqrst"
    five_of_twenty_changed = "abcdeVWXYZklmnopqrst"
    six_of_twenty_changed = "abcdeUVWXYZlmnopqrst"
    assert found_words(text, quote_find_similar(text, five_of_twenty_changed)) == text
    assert quote_find_similar(text, six_of_twenty_changed) is None
    assert quote_find_similar(text, six_of_twenty_changed, threshold=0.7) is not None


def test_of_equally_alike_pieces_the_surroundings_then_the_hint_decide():
    text = "one fine day in may; two fine days in june; one fine day in may again"
    quoted = "fine dax in may"
    first, last = text.index("fine day"), text.rindex("fine day")
    assert quote_find_similar(text, quoted) == Span(first, first + 15)
    assert quote_find_similar(text, quoted, near=last - 3) == Span(last, last + 15)
    assert quote_find_similar(text, quoted, prefix="june; one ", near=0) == Span(last, last + 15)
    assert quote_find_similar(text, quoted, suffix=" again", near=0) == Span(last, last + 15)


def test_fewer_edits_beat_nearness():
    text = "the quick brown fox ran; the quick brawn fax sat"
    assert found_words(text, quote_find_similar(text, "the quick brown fix", near=25)) == (
        "the quick brown fox"
    )


def test_code_points_in_other_scripts():
    text = "قال المعلم إن الكتاب مفيد جدا للطلاب"
    span = quote_find_similar(text, "الكتب مفيد جدا")
    assert found_words(text, span) == "الكتاب مفيد جدا"


DICKENS = "It was the best of times, it was the worst of times, it was the age of wisdom."


def test_between_agreeing_words_a_few_more_edits_beat_fewer_elsewhere():
    quoted = quote_at(DICKENS, Span(26, 52))
    assert quoted.exact == "it was the worst of times,"
    edited = DICKENS.replace("worst", "very worst")
    # "It was the best of times," takes four edits, the edited phrase five; its neighbours say
    # which one was quoted.
    found = quote_find_similar(edited, quoted.exact, prefix=quoted.prefix, suffix=quoted.suffix)
    assert found_words(edited, found) == "it was the very worst of times,"
    assert found_words(edited, quote_find_similar(edited, quoted.exact)) == (
        "It was the best of times,"
    )


def test_after_an_edit_exact_words_count_when_their_surroundings_do():
    quoted = quote_at(DICKENS, Span(DICKENS.index("the age"), len(DICKENS)))
    moved = "Dickens: " + DICKENS
    assert found_words(moved, quote_find_again(moved, quoted.exact, prefix=quoted.prefix)) == (
        "the age of wisdom."
    )
    # The quoted "of times" was the second; the edit changed it, and the words left exactly
    # as quoted (the first) are not where the quote stood.
    second = DICKENS.index("of times, it was the age")
    quoted = quote_at(DICKENS, Span(second, second + len("of times")))
    edited = DICKENS.replace("worst of times", "worst of tymes")
    found = quote_find_again(edited, quoted.exact, prefix=quoted.prefix, suffix=quoted.suffix)
    assert found_words(edited, found) == "of tymes"
    assert found.start == edited.index("of tymes")


class CountedText(str):
    """A text that counts how many of its characters the finder reads."""

    read = 0

    def __iter__(self):
        for letter in super().__iter__():
            CountedText.read += 1
            yield letter

    def __getitem__(self, key):
        piece = super().__getitem__(key)
        CountedText.read += len(piece)
        return piece


def test_a_long_text_is_read_about_once_however_long_the_quote():
    chorus = "and the river runs on to the sea, the river runs on, "
    text = CountedText(chorus * 2000)  # 106,000 characters of near-repeats
    quote = (chorus * 40).replace("river", "rivers")  # 2,000 characters, slightly changed
    CountedText.read = 0
    span = quote_find_similar(text, quote, near=50_000)
    assert span is not None and abs(span.start - 50_000) < len(chorus)
    # One pass over the text, and a fixed number of closer looks the quote's length each;
    # comparing the quote with every window would read the text two thousand times.
    assert CountedText.read <= len(text) + CLOSE_LOOKS * 3 * len(quote)
    assert CountedText.read < 2 * len(text)
