"""Quoted words found again after an edit: notes as well as comments, paragraphs split and
merged, a phrase that occurs twice, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.quotes import Span
from articles.services import reading_revise
from discussions.models import Comment, Note
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    ReadingFactory,
    make_comment,
    quote_span,
)

pytestmark = pytest.mark.django_db

FIRST = (
    "It was the best of times, it was the worst of times, it was the age of wisdom. "
    "It was the epoch of belief, it was the epoch of incredulity. "
    "It was the season of Light, it was the season of Darkness."
)
SECOND = (
    "There were a king with a large jaw and a queen with a plain face, on the throne of England."
)
THIRD = "It was the year of Our Lord one thousand seven hundred and seventy-five."


@pytest.fixture
def discussion():
    assignment = AssignmentFactory(reading=ReadingFactory(paragraphs=[FIRST, SECOND, THIRD]))
    student = MembershipFactory(course=assignment.course).user
    paragraphs = list(assignment.reading.current_paragraphs())
    return assignment, student, paragraphs


def quote_on(anchor, words: str, occurrence: int = 1):
    """Point `anchor` at an occurrence of `words` in its paragraph (the first by default)."""
    start = -1
    for _ in range(occurrence):
        start = anchor.paragraph.text.index(words, start + 1)
    return quote_span(anchor, Span(start, start + len(words)))


def quoting(assignment, student, paragraph, words: str):
    """A comment on the first occurrence of `words` in `paragraph`."""
    comment = make_comment(author=student, assignment=assignment, paragraph=paragraph)
    return quote_on(comment, words)


def highlighted(anchor) -> str | None:
    """The words the page highlights for `anchor`, in the paragraph it shows it on."""
    anchor.refresh_from_db()
    if anchor.quote_changed:
        return None
    return anchor.paragraph.current().text[anchor.quote_start : anchor.quote_end]


def revise(assignment, texts):
    reading = assignment.reading
    reading.refresh_from_db()
    reading_revise(reading=reading, paragraphs=texts, editor=reading.owner)


def test_a_private_note_follows_the_edit_like_a_comment(discussion):
    assignment, student, (first, *_) = discussion
    note = Note.objects.create(assignment=assignment, paragraph=first, author=student, body="!")
    quote_on(note, "it was the worst of times,")
    revise(assignment, [FIRST.replace("worst", "very worst"), SECOND, THIRD])
    assert highlighted(note) == "it was the very worst of times,"
    assert note.quote == "it was the worst of times,"


def test_a_split_paragraph_keeps_the_quote_in_its_own_half(discussion):
    assignment, student, (first, *_) = discussion
    kept = quoting(assignment, student, first, "the epoch of belief,")
    split_off = quoting(assignment, student, first, "the season of Darkness.")
    head, tail = FIRST.rsplit(" It was the season", 1)
    revise(assignment, [head, "It was the season" + tail, SECOND, THIRD])

    assert highlighted(kept) == "the epoch of belief,"
    # The comment went on to the first half; its words are in the other one, so they are
    # marked changed rather than highlighted somewhere else, and the thread stays put.
    assert highlighted(split_off) is None
    assert split_off.quote == "the season of Darkness."
    assert split_off.paragraph.current().text == head


def test_merged_paragraphs_move_the_quote_to_its_new_place(discussion):
    assignment, student, (first, *_) = discussion
    before = quoting(assignment, student, first, "the age of wisdom.")
    revise(assignment, [SECOND + " " + FIRST, THIRD])
    assert highlighted(before) == "the age of wisdom."
    merged = before.paragraph.current().text
    assert before.quote_start == merged.index("the age of wisdom.")
    assert before.quote_prefix == merged[before.quote_start - 32 : before.quote_start]


def test_of_a_phrase_that_occurs_twice_the_one_quoted_is_found(discussion):
    assignment, student, (first, *_) = discussion
    comment = make_comment(author=student, assignment=assignment, paragraph=first)
    quote_on(comment, "the epoch of", occurrence=2)
    assert comment.quote_start == FIRST.index("the epoch of incredulity")
    edited = "Charles Dickens wrote: " + FIRST.replace("incredulity", "disbelief")
    revise(assignment, [edited, SECOND, THIRD])
    comment.refresh_from_db()
    assert comment.quote_start == edited.index("the epoch of disbelief")
    assert highlighted(comment) == "the epoch of"


def test_an_unedited_paragraph_keeps_its_quotes_as_they_were(discussion):
    assignment, student, (_, second, _) = discussion
    comment = quoting(assignment, student, second, "a queen with a plain face")
    where = (comment.quote_start, comment.quote_end)
    revise(assignment, [FIRST.replace("Light", "light"), SECOND, THIRD])
    comment.refresh_from_db()
    assert (comment.quote_start, comment.quote_end) == where
    assert comment.paragraph.current().text[slice(*where)] == "a queen with a plain face"


def queries_to_revise(assignment, student, paragraphs, quotes: int) -> int:
    for index in range(quotes):
        paragraph = paragraphs[index % len(paragraphs)]
        quoting(assignment, student, paragraph, "of")
        note = Note.objects.create(assignment=assignment, paragraph=paragraph, author=student)
        quote_on(note, "of")
    reading = assignment.reading
    reading.refresh_from_db()
    # Every quote moves: each paragraph gains words before it.
    texts = [f"Indeed, {text}" for text in [FIRST, SECOND, THIRD]]
    with CaptureQueriesContext(connection) as queries:
        reading_revise(reading=reading, paragraphs=texts, editor=reading.owner)
    moved = Comment.objects.filter(assignment=assignment, quote_start__gt=8, quote_changed=False)
    assert moved.count() == quotes
    return len(queries)


def test_finding_quotes_again_takes_the_same_queries_for_three_or_thirty():
    counts = []
    for quotes in (3, 30):
        assignment = AssignmentFactory(reading=ReadingFactory(paragraphs=[FIRST, SECOND, THIRD]))
        student = MembershipFactory(course=assignment.course).user
        paragraphs = list(assignment.reading.current_paragraphs())
        counts.append(queries_to_revise(assignment, student, paragraphs, quotes))
    assert counts[0] == counts[1]


def test_positions_that_do_not_fit_the_text_fall_back_on_the_quoted_words(discussion):
    assignment, student, (_, _, third) = discussion
    comment = quoting(assignment, student, third, "seventy-five")
    Comment.objects.filter(pk=comment.pk).update(quote_start=900, quote_end=990)
    revise(assignment, [FIRST, SECOND, "In the year " + THIRD])
    assert highlighted(comment) == "seventy-five"


def test_the_page_marks_words_found_again_with_one_changed(discussion, client):
    """After an edit that changes a word of the phrase, the reading page marks the new words."""
    assignment, student, paragraphs = discussion
    quoting(assignment, student, paragraphs[0], "the season of Light")
    revise(assignment, [FIRST.replace("season of Light", "season of light"), SECOND, THIRD])

    client.force_login(student)
    page = client.get(assignment.get_absolute_url()).content.decode()

    assert highlighted(Comment.objects.get()) == "the season of light"
    assert '<mark class="phrase" data-threads="1">the season of light</mark>' in page
