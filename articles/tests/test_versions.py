"""Editing a reading never loses a comment: each follows its paragraph or is kept as removed."""

import random

import pytest

from articles.importing.pipeline import extract_reading
from articles.services import match_paragraphs, reading_revise
from discussions.models import Comment
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    ReadingFactory,
    make_comment,
    quote_span,
    word_span,
)

from . import SEED_READING

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    """The seed reading's twelve body paragraphs, through the same import pipeline as the web."""
    paragraphs = extract_reading(data=SEED_READING.read_text(encoding="utf-8")).paragraphs
    assert len(paragraphs) == 12
    return paragraphs


def test_matching_prefers_identical_text_then_similar_wording():
    old = ["alpha beta gamma delta", "one two three four five six", "gone for good entirely"]
    new = ["one two three four five SIX", "a brand new paragraph here", "alpha beta gamma delta"]
    assert match_paragraphs(old, new) == {0: 2, 1: 0}


def test_a_rewritten_paragraph_is_not_matched_to_an_unrelated_one():
    assert match_paragraphs(["the cat sat on the mat"], ["stocks fell sharply today"]) == {}


def edit(texts):
    """Swap two paragraphs, change a few words in three, cut the last sentence of one, delete
    one, insert two."""
    edited = list(texts)
    edited[1], edited[2] = edited[2], edited[1]
    for index in (4, 6, 8):
        words = edited[index].split()
        words[3] = "CHANGED"
        words[10] = "ALTERED"
        edited[index] = " ".join(words)
    edited[9] = edited[9][: edited[9].rindex(". ") + 1]
    removed = edited.pop(10)
    edited.insert(0, "A brand new opening paragraph nobody has discussed.")
    edited.insert(7, "Another inserted paragraph in the middle of the text.")
    return edited, removed


# What the comments on a paragraph quote, in turn: words around one the edit changes (found
# again with the new word), words it leaves alone, the paragraph's last words (lost where the
# edit cuts the last sentence), and nothing (the whole paragraph).
QUOTED_WORDS = [(1, 9), (14, 18), (-6, None), None]


def test_forty_comments_survive_an_edit_of_the_seed_reading(client_for, seed_paragraphs):
    assignment = AssignmentFactory(reading=ReadingFactory(paragraphs=seed_paragraphs))
    reading = assignment.reading
    student = MembershipFactory(course=assignment.course).user
    old_paragraphs = list(reading.current_paragraphs())
    rng = random.Random(7)
    comments = []
    for index in range(40):
        paragraph = old_paragraphs[index % len(old_paragraphs)]
        parent = rng.choice(comments) if comments and rng.random() < 0.4 else None
        if parent is not None:
            paragraph = parent.paragraph
        comments.append(
            make_comment(
                author=student,
                assignment=assignment,
                paragraph=paragraph,
                parent=parent,
                body=f"Comment number {index}",
            )
        )
    quoted = {}
    for comment in comments:
        turn = sum(other.paragraph_id == comment.paragraph_id for other in quoted)
        quoted[comment] = QUOTED_WORDS[turn % len(QUOTED_WORDS)]
        if quoted[comment] is not None:
            quote_span(comment, word_span(comment.paragraph.text, *quoted[comment]))
    written_on = {c.pk: c.paragraph.text for c in comments}

    edited, removed_text = edit(seed_paragraphs)
    reading_revise(reading=reading, paragraphs=edited, editor=reading.owner)
    reading.refresh_from_db()

    current = {p.text: p for p in reading.current_paragraphs()}
    assert len(current) == len(edited)
    page = client_for(student).get(assignment.get_absolute_url() + "?all=1")
    html = page.text
    removed_section = html.split("Comments on removed passages", 1)[1]
    for comment in Comment.objects.filter(pk__in=[c.pk for c in comments]):
        assert f"Comment number {comment.body.split()[-1]}</p>" in html
        new_home = comment.paragraph.current()
        if written_on[comment.pk] == removed_text:
            assert new_home is None
            assert f'id="c-{comment.pk}"' in removed_section
        else:
            assert new_home is not None
            original_words = written_on[comment.pk].split()
            expected = [t for t in edited if t.split()[:3] == original_words[:3]]
            assert new_home.text == expected[0]
    # Comments on changed paragraphs offer the earlier wording.
    assert "Text changed since this comment" in html
    assert removed_text in removed_section
    outcomes = assert_quotes_on_their_words(quoted, written_on)
    assert outcomes == {"same words": 30, "changed words": 3, "lost": 1, "removed passage": 1}

    # A second edit changes the changed paragraphs again and brings the cut sentence back.
    again = edit_again(edited, seed_paragraphs[9])
    reading_revise(reading=reading, paragraphs=again, editor=reading.owner)
    outcomes = assert_quotes_on_their_words(quoted, written_on)
    assert outcomes == {"same words": 31, "changed words": 3, "lost": 0, "removed passage": 1}


def edit_again(texts, whole_ninth):
    """Change another word in the three changed paragraphs, and give the ninth its last
    sentence back."""
    edited = list(texts)
    for index, text in enumerate(texts):
        if "CHANGED" in text:
            words = text.split()
            words[6] = "AGAIN"
            edited[index] = " ".join(words)
        elif whole_ninth.startswith(text):
            edited[index] = whole_ninth
    return edited


def assert_quotes_on_their_words(quoted, written_on) -> dict[str, int]:
    """Each quote still reads as quoted, and its highlight covers the words it quoted in the
    paragraph the page shows it on (the same words, or what the edits made of them); a quote
    whose words were cut is marked changed. How many of each there were."""
    outcomes = {"same words": 0, "changed words": 0, "lost": 0, "removed passage": 0}
    for comment in Comment.objects.filter(pk__in=[c.pk for c in quoted]):
        words = quoted[comment]
        if words is None:
            assert comment.quote == "" and comment.quote_start is None
            continue
        original = written_on[comment.pk][word_span(written_on[comment.pk], *words).start :]
        assert original.startswith(comment.quote)
        home = comment.paragraph.current()
        if home is None:  # a removed passage shows its own words, where the quote still is
            assert comment.quote_changed is False
            assert written_on[comment.pk][comment.quote_start : comment.quote_end] == comment.quote
            outcomes["removed passage"] += 1
        elif comment.quote_changed:
            assert comment.quote not in home.text
            assert comment.quote_start is None and comment.quote_end is None
            outcomes["lost"] += 1
        else:
            expected = word_span(home.text, *words)
            assert (comment.quote_start, comment.quote_end) == (expected.start, expected.end)
            highlight = home.text[comment.quote_start : comment.quote_end]
            same = highlight == comment.quote
            outcomes["same words" if same else "changed words"] += 1
    return outcomes


def test_new_comments_cannot_start_on_a_removed_passage(classroom, client_for):
    reading = classroom.assignment.reading
    texts = [p.text for p in classroom.paragraphs]
    reading_revise(reading=reading, paragraphs=texts[1:], editor=reading.owner)
    old_first = classroom.paragraphs[0]
    client = client_for(classroom.student)
    url = f"/c/{classroom.course.slug}/a/{classroom.assignment.pk}/p/{old_first.pk}/comments/"
    assert client.post(url, {"body": "Hello"}).status_code == 404
    # classroom.comment sat on the removed first paragraph: replies are refused with a message.
    response = client.post(f"/comments/{classroom.comment.pk}/reply/", {"body": "Hi"})
    assert response.status_code == 422
    assert "removed from the reading" in response.text
