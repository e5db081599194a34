"""Downloading one's own data: a zip of everything one wrote and every notice one got."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import CommentRevision, Notice
from discussions.moderation.decisions import comment_hide
from discussions.notes.services import note_create
from discussions.reading.services import comment_edit, comment_withdraw
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def download(client):
    response = client.get(reverse("discussions:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return response, archive


def test_the_download_holds_every_comment_notice_and_the_profile(classroom, client_for):
    student = classroom.student
    paragraph = classroom.paragraphs[1]
    first = make_comment(
        author=student, assignment=classroom.assignment, paragraph=paragraph, body="First *try*."
    )
    comment_edit(comment=first, editor=student, body="Second try.")
    withdrawn = make_comment(author=student, assignment=classroom.assignment, body="Gone later.")
    comment_withdraw(comment=withdrawn, author=student)
    hidden = make_comment(author=student, assignment=classroom.assignment, body="Too sharp.")
    comment_hide(comment=hidden, moderator=classroom.ta, reason="Please keep it kind.")
    Notice.objects.create(user=student, text="Someone replied to you.", url="/somewhere/")

    response, archive = download(client_for(student))

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="colloquy-{student.username}-{today}.zip"'
    )
    assert sorted(archive.namelist()) == ["my-data.html", "my-data.json"]
    data = json.loads(archive.read("my-data.json"))
    assert data["profile"]["username"] == student.username
    assert data["profile"]["email"] == student.email
    by_body = {comment["body"]: comment for comment in data["comments"]}
    assert set(by_body) == {"Second try.", "Gone later.", "Too sharp."}
    edited = by_body["Second try."]
    assert edited["course"] == classroom.course.title
    assert edited["reading"] == classroom.assignment.reading.title
    assert edited["paragraph_excerpt"] == paragraph.text[:200]
    assert edited["status"] == "visible"
    assert edited["created_at"] and edited["edited_at"]
    assert [revision["body"] for revision in edited["revisions"]] == ["First *try*."]
    assert by_body["Gone later."]["status"] == "withdrawn"
    # The reason a moderator gave the author is the author's to keep.
    assert by_body["Too sharp."]["moderation_reason"] == "Please keep it kind."
    notices = [notice["text"] for notice in data["notices"]]
    assert "Someone replied to you." in notices
    assert any("Please keep it kind." in text for text in notices)
    page = archive.read("my-data.html").decode()
    assert "Second try." in page and "Someone replied to you." in page
    assert CommentRevision.objects.count() == 1


def test_the_download_holds_nobody_elses_words(classroom, client_for):
    secret = make_comment(
        author=classroom.classmate, assignment=classroom.assignment, body="Classmate's secret."
    )
    comment_hide(comment=secret, moderator=classroom.ta, reason="Private reason about them.")
    make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        parent=classroom.comment,
        body="My reply.",
    )
    _, archive = download(client_for(classroom.student))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "My reply." in everything
    for text in (
        "Classmate's secret.",
        "Private reason about them.",
        "First *thoughts*.",
        classroom.classmate.username,
        classroom.classmate.email,
    ):
        assert text not in everything


def test_the_download_holds_ones_private_notes_and_nobody_elses(classroom, client_for):
    for author, body in ((classroom.student, "My own *note*."), (classroom.classmate, "Theirs.")):
        note_create(
            author=author,
            assignment=classroom.assignment,
            paragraph=classroom.paragraphs[1],
            body=body,
            quote="Paragraph 1",
        )
    _, archive = download(client_for(classroom.student))
    data = json.loads(archive.read("my-data.json"))
    assert [(note["quote"], note["body"], note["paragraph"]) for note in data["notes"]] == [
        ("Paragraph 1", "My own *note*.", 2)
    ]
    assert "My own *note*." in archive.read("my-data.html").decode()
    assert b"Theirs." not in archive.read("my-data.json") + archive.read("my-data.html")


def test_the_html_file_escapes_what_was_written(classroom, client_for):
    make_comment(
        author=classroom.student, assignment=classroom.assignment, body="<script>alert(1)</script>"
    )
    _, archive = download(client_for(classroom.student))
    page = archive.read("my-data.html").decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_account_settings_links_to_the_download(classroom, client_for):
    page = client_for(classroom.student).get(reverse("account_settings"))
    assert reverse("discussions:my_data") in page.text


def test_signed_out_people_are_sent_to_log_in(client):
    response = client.get(reverse("discussions:my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
