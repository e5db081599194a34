"""Threads on a phrase: choosing or typing the words, and the marks the reading page shows."""

import re

import pytest

from discussions.models import Comment, Status
from discussions.moderation.decisions import comment_hide
from discussions.reading.phrases import Phrase
from discussions.reading.services import comment_create, comment_withdraw
from tests.factories import AssignmentFactory, ReadingFactory

pytestmark = pytest.mark.django_db

TEXT = "The world is a *candid world*, and the candid world is small."
PLAIN = "Submit facts to a candid world, said the candid world."
LINKED = "Read the [candid world](https://example.org/world) notes, *then* write yours."


@pytest.fixture
def seminar(classroom):
    """An assignment in the classroom's course on a reading whose first paragraph has
    Markdown emphasis, whose second is plain and whose third has a link."""
    reading = ReadingFactory(paragraphs=[TEXT, PLAIN, LINKED])
    assignment = AssignmentFactory(course=classroom.course, reading=reading)
    classroom.assignment = assignment
    classroom.paragraphs = list(reading.current_paragraphs())
    return classroom


def thread_url(seminar, paragraph) -> str:
    course, assignment = seminar.course, seminar.assignment
    return f"/c/{course.slug}/a/{assignment.pk}/p/{paragraph.pk}/comments/"


def start(client, seminar, paragraph, **fields):
    return client.post(thread_url(seminar, paragraph), {"body": "What does it mean?", **fields})


def on_phrase(seminar, author, paragraph, start, end, body="Why these words?") -> Comment:
    return comment_create(
        author=author,
        assignment=seminar.assignment,
        paragraph=paragraph,
        body=body,
        phrase=Phrase(exact=paragraph.text[start:end], start=start, end=end),
    )


def test_a_typed_quote_is_found_and_stored_with_its_selectors(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    response = start(client_for(seminar.student), seminar, paragraph, quote="candid world")
    assert response.status_code == 302
    comment = Comment.objects.get(paragraph=paragraph)
    at = PLAIN.index("candid world")
    assert (comment.quote, comment.quote_start, comment.quote_end) == (
        "candid world",
        at,
        at + len("candid world"),
    )
    assert comment.quote_prefix == PLAIN[:at]
    assert comment.quote_suffix == PLAIN[at + 12 :][:32]


def test_the_place_given_picks_the_occurrence(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    second = PLAIN.rindex("candid world")
    response = start(
        client_for(seminar.student),
        seminar,
        paragraph,
        quote="candid world",
        quote_start=second,
        quote_end=second + 12,
    )
    assert response.status_code == 302
    assert Comment.objects.get(paragraph=paragraph).quote_start == second


def test_mismatched_offsets_fall_back_to_the_words_and_their_surroundings(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    second = PLAIN.rindex("candid world")
    response = start(
        client_for(seminar.student),
        seminar,
        paragraph,
        quote="candid world",
        quote_prefix="said the ",
        quote_start=2,
        quote_end=14,
    )
    assert response.status_code == 302
    assert Comment.objects.get(paragraph=paragraph).quote_start == second


def test_words_shown_across_markdown_signs_are_found_in_the_source(seminar, client_for):
    paragraph = seminar.paragraphs[0]
    # On the page "a candid world," reads without the asterisks of the source.
    response = start(client_for(seminar.student), seminar, paragraph, quote="a candid world,")
    assert response.status_code == 302
    comment = Comment.objects.get(paragraph=paragraph)
    # The quote reads as the page shows it; its place counts in the source.
    assert comment.quote == "a candid world,"
    assert TEXT[comment.quote_start : comment.quote_end] == "a *candid world*,"
    assert comment.quote_prefix == "The world is "


@pytest.mark.parametrize(
    ("paragraph_index", "shown", "written"),
    [
        (0, "a candid world, and the", "a *candid world*, and the"),
        (
            2,
            "the candid world notes, then",
            "the [candid world](https://example.org/world) notes, *then",
        ),
    ],
)
def test_a_selection_across_emphasis_or_a_link_keeps_its_place_and_plain_words(
    seminar, client_for, paragraph_index, shown, written
):
    """What the page sends for a selection: the words as shown, their place in the source."""
    paragraph = seminar.paragraphs[paragraph_index]
    at = paragraph.text.index(written)
    client = client_for(seminar.student)
    response = start(
        client, seminar, paragraph, quote=shown, quote_start=at, quote_end=at + len(written)
    )
    assert response.status_code == 302
    comment = Comment.objects.get(paragraph=paragraph)
    assert (comment.quote, comment.quote_start, comment.quote_end) == (
        shown,
        at,
        at + len(written),
    )
    page = client.get(f"{seminar.assignment.get_absolute_url()}?open={paragraph.pk}")
    html = paragraph_html(page, paragraph)
    assert "".join(words for _, words in MARK.findall(html)) == shown
    assert f"on “<bdi>{shown}</bdi>”" in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quote": "a frank world"}, "That phrase is not in this paragraph."),
        ({"quote": "candid " * 1500}, "A quote can be at most 2,000 characters"),
        ({"quote": "candid world", "quote_start": 40, "quote_end": 400}, "outside this paragraph"),
        ({"quote": "candid world", "quote_start": 9, "quote_end": 3}, "outside this paragraph"),
        ({"quote": "candid world", "quote_start": "-3", "quote_end": 4}, "outside this paragraph"),
        ({"quote": "x", "quote_start": "9" * 40, "quote_end": 4}, "outside this paragraph"),
    ],
    ids=["not-there", "ten-kilobytes", "past-the-end", "backwards", "negative", "huge"],
)
def test_a_quote_that_cannot_be_placed_is_refused_and_nothing_is_lost(
    fields, message, seminar, client_for
):
    paragraph = seminar.paragraphs[1]
    client = client_for(seminar.student)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(
            thread_url(seminar, paragraph),
            {"body": "My careful thoughts.", **fields},
            **headers,
        )
        assert response.status_code == 422
        assert message in response.text
        assert "My careful thoughts." in response.text
        assert 'aria-invalid="true"' in response.text
    assert not Comment.objects.filter(paragraph=paragraph).exists()


def test_a_thread_on_the_whole_paragraph_has_no_quote(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    assert start(client_for(seminar.student), seminar, paragraph, quote="  ").status_code == 302
    comment = Comment.objects.get(paragraph=paragraph)
    assert (comment.quote, comment.quote_start) == ("", None)


def test_replies_quote_nothing(seminar):
    paragraph = seminar.paragraphs[1]
    thread = on_phrase(seminar, seminar.student, paragraph, 18, 30)
    reply = comment_create(
        author=seminar.classmate, assignment=seminar.assignment, parent=thread, body="Indeed."
    )
    assert (reply.quote, reply.quote_start) == ("", None)
    with pytest.raises(Exception, match="Only a new thread"):
        comment_create(
            author=seminar.classmate,
            assignment=seminar.assignment,
            parent=thread,
            body="Indeed.",
            phrase=Phrase(exact="candid world"),
        )


MARK = re.compile(r'<mark class="phrase" data-threads="(\d+)">([^<]*)</mark>')
THREADS_LINK = re.compile(r'<a class="phrase-threads" href="\?open=(\d+)&amp;thread=(\d+)#c-\2"')


def paragraph_html(response, paragraph) -> str:
    found = re.search(
        rf'<div class="paragraph-text" id="text-{paragraph.pk}"[^>]*>(.*?)</div>',
        response.text,
        re.S,
    )
    assert found, f"paragraph {paragraph.pk} is not on the page"
    return found.group(1)


def test_the_page_marks_a_phrase_and_links_it_to_its_thread(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    thread = on_phrase(seminar, seminar.student, paragraph, 18, 30)
    for viewer in (seminar.student, seminar.classmate, seminar.instructor):
        page = client_for(viewer).get(seminar.assignment.get_absolute_url())
        html = paragraph_html(page, paragraph)
        assert MARK.findall(html) == [("1", "candid world")]
        assert THREADS_LINK.findall(html) == [(str(paragraph.pk), str(thread.pk))]
        assert "1 thread on these words" in html


def test_a_mark_across_emphasis_is_cut_at_its_edges(seminar, client_for):
    paragraph = seminar.paragraphs[0]
    start_at = TEXT.index("a *candid")
    on_phrase(seminar, seminar.student, paragraph, start_at, start_at + len("a *candid world*"))
    page = client_for(seminar.classmate).get(seminar.assignment.get_absolute_url())
    html = paragraph_html(page, paragraph)
    assert MARK.findall(html) == [("1", "a "), ("1", "candid world")]
    assert re.search(r"candid world</mark><a class=\"phrase-threads\"", html)


def test_overlapping_phrases_merge_into_one_mark_that_counts_them(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    first = on_phrase(seminar, seminar.student, paragraph, 18, 30)  # candid world
    on_phrase(seminar, seminar.classmate, paragraph, 25, 36)  # world, said
    on_phrase(seminar, seminar.instructor, paragraph, 41, 53)  # candid world (the second)
    page = client_for(seminar.student).get(seminar.assignment.get_absolute_url())
    html = paragraph_html(page, paragraph)
    assert MARK.findall(html) == [("2", "candid world, said"), ("1", "candid world")]
    assert THREADS_LINK.findall(html)[0] == (str(paragraph.pk), str(first.pk))
    assert "2 threads on these words" in html


@pytest.mark.parametrize("query", ["", "?all=1"], ids=["collapsed", "all-open"])
def test_pending_hidden_and_withdrawn_threads_mark_nothing(query, seminar, client_for):
    paragraph = seminar.paragraphs[1]
    hidden = on_phrase(seminar, seminar.classmate, paragraph, 18, 30)
    comment_hide(comment=hidden, moderator=seminar.instructor, reason="Off topic.")
    withdrawn = on_phrase(seminar, seminar.student, paragraph, 41, 53)
    comment_withdraw(comment=withdrawn, author=seminar.student)
    pending = on_phrase(seminar, seminar.student, paragraph, 0, 6)
    Comment.objects.filter(pk=pending.pk).update(status=Status.PENDING)
    for viewer in (seminar.student, seminar.classmate, seminar.instructor):
        page = client_for(viewer).get(seminar.assignment.get_absolute_url() + query)
        assert "<mark" not in paragraph_html(page, paragraph)


def test_a_quote_no_longer_in_the_paragraph_marks_nothing_and_says_so(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    thread = on_phrase(seminar, seminar.student, paragraph, 18, 30)
    Comment.objects.filter(pk=thread.pk).update(quote_changed=True)
    page = client_for(seminar.classmate).get(
        seminar.assignment.get_absolute_url() + f"?open={paragraph.pk}"
    )
    assert "<mark" not in paragraph_html(page, paragraph)
    assert "quoted text changed" in page.text
    assert "The thread was on “<bdi>candid world</bdi>”." in page.text


def test_the_thread_shows_its_quote_above_the_first_comment_only(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    thread = on_phrase(seminar, seminar.student, paragraph, 18, 30)
    comment_create(
        author=seminar.classmate, assignment=seminar.assignment, parent=thread, body="Indeed."
    )
    page = client_for(seminar.classmate).get(
        seminar.assignment.get_absolute_url() + f"?open={paragraph.pk}"
    )
    assert page.text.count("on “<bdi>candid world</bdi>”") == 1
    quote_at = page.text.index("on “<bdi>candid world</bdi>”")
    assert page.text.index(f'id="c-{thread.pk}-body"') < quote_at < page.text.index("Why these")


def test_posting_on_a_phrase_with_htmx_marks_it_in_place(seminar, client_for):
    paragraph = seminar.paragraphs[1]
    response = client_for(seminar.student).post(
        thread_url(seminar, paragraph),
        {"body": "Why candid?", "quote": "candid world", "quote_start": 18, "quote_end": 30},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 201
    text = re.search(
        r'<div class="paragraph-text" id="text-\d+"[^>]*hx-swap-oob="true"', response.text
    )
    assert text
    assert MARK.findall(response.text) == [("1", "candid world")]


def test_the_page_tells_the_script_where_markdown_signs_were_taken_out(seminar, client_for):
    page = client_for(seminar.student).get(seminar.assignment.get_absolute_url())
    first, second = seminar.paragraphs[:2]
    assert re.search(rf'id="text-{first.pk}"[^>]*data-offset-steps="15:1 27:2"', page.text)
    assert "data-offset-steps" not in re.search(rf'id="text-{second.pk}"[^>]*>', page.text).group()
