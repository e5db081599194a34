"""Private notes through HTTP: written beside a paragraph with HTMX and without, seen only by
their author, edited, deleted, listed in "My notes" and downloaded."""

import csv
import io

import pytest
from django.urls import reverse

from articles.services import reading_revise
from discussions.models import Note
from discussions.notes.services import note_create, note_edit
from tests.factories import AssignmentFactory, ReadingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def new_note_url(classroom, paragraph):
    return reverse(
        "discussions:note_new", args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk]
    )


def write(classroom, *, body="Ask about *this*.", quote="", paragraph=None, author=None):
    return note_create(
        author=author or classroom.student,
        assignment=classroom.assignment,
        paragraph=paragraph or classroom.paragraphs[1],
        body=body,
        quote=quote,
    )


def reading_page(client, classroom) -> str:
    return client.get(classroom.assignment.get_absolute_url()).content.decode()


def test_a_note_without_javascript_goes_back_to_its_paragraph(classroom, client_for):
    paragraph = classroom.paragraphs[1]
    client = client_for(classroom.student)
    response = client.post(
        new_note_url(classroom, paragraph), {"quote": "1 text", "body": "Why **this**?"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{classroom.assignment.get_absolute_url()}#{paragraph.anchor}"
    note = Note.objects.get()
    assert (note.quote, note.quote_start, note.quote_end) == ("1 text", 10, 16)
    assert (note.quote_prefix, note.quote_suffix) == ("Paragraph ", ".")
    page = reading_page(client, classroom)
    assert "Why <strong>this</strong>?" in page
    assert "Your note — only you can see it" in page
    # The control for another note is in the paragraph's discussion, once it is open.
    assert "Only you can see this note." not in page
    opened = client.get(f"{classroom.assignment.get_absolute_url()}?open={paragraph.pk}")
    assert opened.content.decode().count("Only you can see this note.") == 1


def test_a_note_with_htmx_comes_back_as_the_paragraphs_notes(classroom, client_for):
    paragraph = classroom.paragraphs[1]
    response = client_for(classroom.student).post(
        new_note_url(classroom, paragraph), {"body": "Whole paragraph."}, **HTMX
    )
    assert response.status_code == 201
    text = response.content.decode()
    # The control comes back closed and empty; the list under the paragraph, out of band.
    assert f'<details class="note-control" id="note-control-{paragraph.pk}">' in text
    assert f'id="notes-{paragraph.pk}" lang="en" dir="ltr" hx-swap-oob="true"' in text
    assert "<p>Whole paragraph.</p>" in text
    assert "<html" not in text


def test_a_quote_not_in_the_paragraph_is_refused_and_nothing_is_lost(classroom, client_for):
    paragraph = classroom.paragraphs[1]
    client = client_for(classroom.student)
    data = {"quote": "candid world", "body": "My long thought."}
    for headers, status in (({}, 422), (HTMX, 422)):
        response = client.post(new_note_url(classroom, paragraph), data, **headers)
        text = response.content.decode()
        assert response.status_code == status
        assert "“candid world” is not in paragraph 2." in text
        assert "My long thought." in text
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quote": "", "body": "   "}, "Write a note, or give the words you are noting."),
        ({"quote": "x" * 10_000, "body": "Long."}, "at most 2000 characters"),
    ],
)
def test_bad_notes_get_a_clear_message(classroom, client_for, data, message):
    response = client_for(classroom.student).post(
        new_note_url(classroom, classroom.paragraphs[1]), data
    )
    assert response.status_code == 422
    assert message in response.content.decode().replace("&#x27;", "'")


def test_a_quote_alone_is_a_highlight_note(classroom, client_for):
    client_for(classroom.student).post(
        new_note_url(classroom, classroom.paragraphs[1]), {"quote": "Paragraph 1"}
    )
    note = Note.objects.get()
    assert (note.quote, note.body, note.body_html) == ("Paragraph 1", "", "")


@pytest.mark.parametrize("role", ["classmate", "ta", "instructor", "admin"])
def test_nobody_else_sees_a_note_anywhere(classroom, client_for, role):
    note = write(classroom, body="Secret thought about freedom.", quote="Paragraph 1")
    client = client_for(getattr(classroom, role))
    assert "Secret thought" not in reading_page(client, classroom)
    my_notes = reverse(
        "discussions:my_notes", args=[classroom.course.slug, classroom.assignment.pk]
    )
    assert "Secret thought" not in client.get(my_notes).content.decode()
    for name in ("discussions:note", "discussions:note_edit", "discussions:note_delete"):
        assert client.get(reverse(name, args=[note.pk])).status_code == 404
    for name in ("discussions:note_edit", "discussions:note_delete"):
        assert client.post(reverse(name, args=[note.pk]), {"body": "Mine now."}).status_code == 404
    note.refresh_from_db()
    assert note.body == "Secret thought about freedom."


def test_editing_a_note_inline_and_without_javascript(classroom, client_for):
    note = write(classroom, body="First.", quote="Paragraph 1")
    client = client_for(classroom.student)
    url = reverse("discussions:note_edit", args=[note.pk])
    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert 'value="Paragraph 1"' in form.content.decode()
    response = client.post(url, {"quote": "text", "body": "Second."}, **HTMX)
    assert response.status_code == 200
    assert "<p>Second.</p>" in response.content.decode()
    note.refresh_from_db()
    assert (note.quote, note.quote_start) == ("text", 12)
    response = client.post(url, {"quote": "", "body": "Third."})
    assert response["Location"] == f"{classroom.assignment.get_absolute_url()}#{note.anchor}"
    note.refresh_from_db()
    assert (note.body, note.quote, note.quote_start) == ("Third.", "", None)
    refused = client.post(url, {"quote": "nowhere", "body": "Fourth."})
    assert refused.status_code == 422
    assert "Fourth." in refused.content.decode()


def test_deleting_a_note(classroom, client_for):
    first, second = write(classroom, body="One."), write(classroom, body="Two.")
    client = client_for(classroom.student)
    confirm = client.get(reverse("discussions:note_delete", args=[first.pk]))
    assert "Delete this note?" in confirm.content.decode()
    response = client.post(reverse("discussions:note_delete", args=[first.pk]))
    paragraph = classroom.paragraphs[1]
    assert response["Location"] == f"{classroom.assignment.get_absolute_url()}#{paragraph.anchor}"
    inline = client.post(reverse("discussions:note_delete", args=[second.pk]), **HTMX)
    assert (inline.status_code, inline.content) == (200, b"")
    assert not Note.objects.exists()


def test_my_notes_in_paragraph_order_with_links_and_downloads(classroom, client_for):
    later = write(classroom, body='=HYPERLINK("evil")', paragraph=classroom.paragraphs[3])
    earlier = write(
        classroom, body="On the start.", quote="text", paragraph=classroom.paragraphs[0]
    )
    write(classroom, body="Not mine.", author=classroom.classmate)
    client = client_for(classroom.student)
    args = [classroom.course.slug, classroom.assignment.pk]
    page = client.get(reverse("discussions:my_notes", args=args)).content.decode()
    assert page.index(earlier.anchor) < page.index(later.anchor)
    assert (
        f'href="{classroom.assignment.get_absolute_url()}#{classroom.paragraphs[0].anchor}"' in page
    )
    assert "Not mine." not in page

    markdown = client.get(reverse("discussions:my_notes_markdown", args=args))
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    text = markdown.content.decode()
    assert text.index("> text\n\nOn the start.") < text.index("HYPERLINK")
    assert f"#{classroom.paragraphs[0].anchor})" in text
    assert "Not mine." not in text

    spreadsheet = client.get(reverse("discussions:my_notes_csv", args=args))
    rows = list(csv.reader(io.StringIO(spreadsheet.content.decode("utf-8-sig"))))
    assert [row[:3] for row in rows[1:]] == [
        ["1", "text", "On the start."],
        ["4", "", '\'=HYPERLINK("evil")'],
    ]


def test_a_note_follows_its_paragraph_through_an_edit_and_stays_on_a_removed_one(
    classroom, client_for
):
    kept = write(classroom, body="Kept.", quote="Paragraph 1", paragraph=classroom.paragraphs[1])
    removed = write(classroom, body="On a cut passage.", paragraph=classroom.paragraphs[4])
    reading = classroom.assignment.reading
    texts = [paragraph.text for paragraph in classroom.paragraphs]
    reading_revise(reading=reading, paragraphs=texts[:4], editor=reading.owner)
    client = client_for(classroom.student)
    page = reading_page(client, classroom)
    assert "Kept." in page
    my_notes = client.get(
        reverse("discussions:my_notes", args=[classroom.course.slug, classroom.assignment.pk])
    ).content.decode()
    assert "A removed passage" in my_notes
    assert my_notes.index(kept.anchor) < my_notes.index(removed.anchor)


def test_a_note_on_words_shown_across_emphasis_keeps_them_as_shown(classroom):
    reading = ReadingFactory(paragraphs=["Freedom is *not* free, they said."])
    assignment = AssignmentFactory(course=classroom.course, reading=reading)
    paragraph = reading.current_paragraphs()[0]
    note = note_create(
        author=classroom.student,
        assignment=assignment,
        paragraph=paragraph,
        body="",
        quote="is not free",
    )
    assert note.quote == "is not free"
    assert paragraph.text[note.quote_start : note.quote_end] == "is *not* free"
    note = note_edit(note=note, author=classroom.student, body="Why?", quote="is not free")
    assert (note.quote, note.quote_start, note.body) == ("is not free", 8, "Why?")
