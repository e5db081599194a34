"""The assignment's dates decide: a post is late when it was written after the due date as it
stands now, and after the lock date nothing moves (no helpful marks, no endorsements) and
nothing more counts towards participation."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classroom.models import Assignment
from discussions.models import Comment, ParticipationRubric, Reaction
from discussions.moderation.suspensions import member_suspend
from discussions.reading.services import reaction_toggle
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def set_dates(assignment, **dates):
    Assignment.objects.filter(pk=assignment.pk).update(**dates)
    assignment.refresh_from_db()


def count_every_post_on_time(assignment) -> None:
    """A rubric that scores on-time posts and counts the fixture's short comments."""
    ParticipationRubric.objects.create(
        assignment=assignment, min_words=0, on_time_weight=1, on_time_cap=1
    )


def participation_row(client, assignment, student) -> dict[str, int]:
    url = reverse("discussions:participation", args=[assignment.course.slug, assignment.pk])
    html = client.get(url).content.decode()
    row = re.search(rf'<tr id="student-{student.pk}"[^>]*>(.*?)</tr>', html, re.S)[1]
    return {key: int(value) for key, value in re.findall(r'data-criterion="(\w+)">(\d+)<', row)}


def student_page_late(client, assignment, student) -> int:
    url = reverse(
        "discussions:participation_student",
        args=[assignment.course.slug, assignment.pk, student.pk],
    )
    return int(re.search(r"Late posts: (\d+)", client.get(url).content.decode())[1])


def csv_late(client, assignment, student) -> int:
    url = reverse("discussions:participation_csv", args=[assignment.course.slug, assignment.pk])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode().lstrip("\ufeff"))))
    return int(next(row for row in rows if row["Username"] == student.username)["Late posts"])


# --- Late follows the due date ---


def test_moving_the_due_date_decides_again_which_posts_are_late(classroom, client_for):
    assignment, classmate = classroom.assignment, classroom.classmate
    count_every_post_on_time(assignment)
    set_dates(assignment, due_at=timezone.now() + timedelta(days=1))
    staff = client_for(classroom.instructor)
    reading = f"{assignment.get_absolute_url()}?all=1"

    def late_everywhere() -> set:
        row = participation_row(staff, assignment, classmate)
        label = '<span class="late-label">late</span>' in staff.get(reading).content.decode()
        return {
            row["late"],
            student_page_late(staff, assignment, classmate),
            csv_late(staff, assignment, classmate),
            int(label),
            1 - row["on_time"],
        }

    assert late_everywhere() == {0}
    # The due date moves to before the fixture's comment was written: it is late now.
    set_dates(assignment, due_at=classroom.comment.created_at - timedelta(hours=1))
    assert late_everywhere() == {1}
    set_dates(assignment, due_at=timezone.now() + timedelta(days=2))
    assert late_everywhere() == {0}
    set_dates(assignment, due_at=None)
    assert late_everywhere() == {0}


# --- After the lock date nothing moves ---


@pytest.fixture
def locked(classroom):
    set_dates(classroom.assignment, locks_at=timezone.now() - timedelta(minutes=1))
    return classroom


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_no_helpful_marks_on_a_locked_assignment(headers, locked, client_for):
    comment = locked.comment
    client = client_for(locked.student)
    response = client.post(
        reverse("discussions:comment_helpful", args=[comment.pk]), headers=headers
    )
    assert response.status_code == 403
    assert "This discussion is closed" in response.content.decode()
    assert not Reaction.objects.exists()
    page = client.get(f"{locked.assignment.get_absolute_url()}?all=1").content.decode()
    assert f"/comments/{comment.pk}/" in page
    assert f"/comments/{comment.pk}/helpful/" not in page


def test_a_mark_given_before_the_lock_cannot_be_taken_back_after(classroom, client_for):
    reaction_toggle(comment=classroom.comment, user=classroom.student)
    set_dates(classroom.assignment, locks_at=timezone.now() - timedelta(minutes=1))
    response = client_for(classroom.student).post(
        reverse("discussions:comment_helpful", args=[classroom.comment.pk])
    )
    assert response.status_code == 403
    assert Reaction.objects.count() == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_no_endorsements_on_a_locked_assignment(headers, locked, client_for):
    client = client_for(locked.ta)
    response = client.post(
        reverse("discussions:comment_endorse", args=[locked.comment.pk]), headers=headers
    )
    assert response.status_code == 403
    assert "This discussion is closed" in response.content.decode()
    assert Comment.objects.get(pk=locked.comment.pk).endorsed_by_id is None
    page = client.get(f"{locked.assignment.get_absolute_url()}?all=1").content.decode()
    assert f"/comments/{locked.comment.pk}/endorse/" not in page


def test_a_suspended_student_cannot_mark_comments_helpful(classroom, client_for):
    member_suspend(
        course=classroom.course,
        user=classroom.student,
        moderator=classroom.instructor,
        days=3,
        reason="Cooling off.",
    )
    for headers in ({}, HTMX):
        response = client_for(classroom.student).post(
            reverse("discussions:comment_helpful", args=[classroom.comment.pk]), headers=headers
        )
        assert response.status_code == 403
        assert "not post until" in response.content.decode()
    assert not Reaction.objects.exists()


def test_participation_is_counted_as_of_the_lock_date(classroom, client_for):
    assignment, classmate = classroom.assignment, classroom.classmate
    count_every_post_on_time(assignment)
    before = classroom.comment
    reaction_toggle(comment=before, user=classroom.student)
    after = make_comment(author=classmate, assignment=assignment, body="Written after the lock.")
    late_mark = Reaction.objects.create(comment=before, user=classroom.instructor)
    lock = timezone.now()
    Comment.objects.filter(pk=after.pk).update(created_at=lock + timedelta(minutes=5))
    Reaction.objects.filter(pk=late_mark.pk).update(created_at=lock + timedelta(minutes=5))
    set_dates(assignment, locks_at=lock)
    row = participation_row(client_for(classroom.instructor), assignment, classmate)
    assert row["comments"] == 1
    assert row["helpful"] == 1
