"""Deleting one's own account: the password again, then the User row and memberships are gone
and every comment becomes a "deleted account" tombstone, logged in the audit trail."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from classroom.models import Membership
from discussions.models import Comment, CommentRevision, ModerationAction, Note, Notice, Status
from discussions.notes.services import note_create
from discussions.reading.services import comment_edit
from tests.factories import make_comment

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
User = get_user_model()


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def test_the_page_asks_for_the_password(classroom, client_for):
    response = client_for(classroom.student).get(reverse("account_delete"))
    assert response.status_code == 200
    assert 'type="password"' in response.text
    page = client_for(classroom.student).get(reverse("account_settings"))
    assert reverse("account_delete") in page.text


def test_a_wrong_password_deletes_nothing(classroom, client_for):
    student = with_password(classroom.student)
    response = client_for(student).post(reverse("account_delete"), {"password": "nope"})
    assert response.status_code == 422
    assert "That password is not right" in response.text
    assert User.objects.filter(pk=student.pk).exists()


def test_deleting_turns_comments_into_tombstones_and_removes_the_person(classroom, client_for):
    student = with_password(classroom.student)
    mine = make_comment(
        author=student, assignment=classroom.assignment, body="Words about my family."
    )
    comment_edit(comment=mine, editor=student, body="Fewer words about my family.")
    reply = make_comment(
        author=classroom.classmate, assignment=classroom.assignment, parent=mine, body="Reply."
    )
    client = client_for(student)
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    # Signed out: the next page asks to log in.
    assert client.get(reverse("account_settings")).status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()
    assert not Membership.objects.filter(user_id=student.pk).exists()
    assert not Notice.objects.filter(user_id=student.pk).exists()
    mine.refresh_from_db()
    assert mine.author_id is None
    assert "family" not in mine.body
    assert not CommentRevision.objects.filter(comment=mine, body__contains="family").exists()
    assert ModerationAction.objects.filter(comment=mine, kind="erase").exists()
    # The thread stays whole; the page names the author "Deleted account".
    page = client_for(classroom.classmate).get(classroom.assignment.get_absolute_url() + "?all=1")
    assert page.status_code == 200
    assert "Deleted account" in page.text
    assert "family" not in page.text
    assert "Reply." in page.text
    assert Comment.objects.get(pk=reply.pk).parent_id == mine.pk
    # Staff pages that list comments still work.
    staff = client_for(classroom.instructor)
    slug = classroom.course.slug
    for url in (
        classroom.assignment.get_absolute_url() + "?all=1",
        reverse("discussions:audit", args=[slug]),
        reverse("discussions:moderation_queue", args=[slug]),
        reverse("discussions:participation", args=[slug, classroom.assignment.pk]),
        reverse("discussions:participation_csv", args=[slug, classroom.assignment.pk]),
    ):
        assert staff.get(url).status_code == 200, url
    history = staff.get(reverse("discussions:comment_history", args=[mine.pk]))
    assert "Written by Deleted account" in history.text


def test_deleting_an_account_removes_its_private_notes(classroom, client_for):
    student = with_password(classroom.student)
    for author in (student, classroom.classmate):
        note_create(
            author=author,
            assignment=classroom.assignment,
            paragraph=classroom.paragraphs[1],
            body="A note about my family.",
        )
    client_for(student).post(reverse("account_delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=student.pk).exists()
    assert list(Note.objects.values_list("author", flat=True)) == [classroom.classmate.pk]


def test_a_pending_comment_of_a_deleted_account_leaves_the_queue(classroom, client_for):
    student = with_password(classroom.student)
    classroom.assignment.premoderate = True
    classroom.assignment.save(update_fields=["premoderate"])
    waiting = make_comment(author=student, assignment=classroom.assignment, body="Held back.")
    assert waiting.status == Status.PENDING
    client_for(student).post(reverse("account_delete"), {"password": PASSWORD})
    waiting.refresh_from_db()
    assert waiting.status == Status.WITHDRAWN
    queue = client_for(classroom.instructor).get(
        reverse("discussions:moderation_queue", args=[classroom.course.slug])
    )
    assert "Held back." not in queue.text


def test_the_only_instructor_of_a_course_is_told_to_hand_it_over(classroom, client_for):
    instructor = with_password(classroom.instructor)
    response = client_for(instructor).post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 422
    assert "hand" in response.text
    assert User.objects.filter(pk=instructor.pk).exists()


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
