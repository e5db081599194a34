"""The roster: changing roles, removing and restoring members, and what each keeps."""

import re

import pytest
from django.urls import reverse

from classroom.models import Membership, Role
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def membership(user, course) -> Membership:
    return Membership.objects.get(user=user, course=course)


def roster_action(client, classroom, action, person, data=None):
    target = membership(person, classroom.course)
    url = reverse(f"classroom:membership_{action}", args=[classroom.course.slug, target.pk])
    return client.post(url, data or {})


def test_changing_a_role_changes_what_the_person_may_do(classroom, client_for):
    client = client_for(classroom.instructor)
    roster = reverse("classroom:roster", args=[classroom.course.slug])
    assert client_for(classroom.student).get(roster).status_code == 403

    response = roster_action(
        client_for(classroom.instructor),
        classroom,
        "role",
        classroom.student,
        {"role": Role.INSTRUCTOR},
    )
    assert response.status_code == 302
    assert membership(classroom.student, classroom.course).role == Role.INSTRUCTOR
    assert client_for(classroom.student).get(roster).status_code == 200

    roster_action(client, classroom, "role", classroom.student, {"role": Role.STUDENT})
    assert membership(classroom.student, classroom.course).role == Role.STUDENT
    assert client_for(classroom.student).get(roster).status_code == 403


def test_removal_keeps_comments_and_takes_away_access(classroom, client_for):
    comment = classroom.comment  # written by the classmate
    response = roster_action(
        client_for(classroom.instructor), classroom, "remove", classroom.classmate
    )
    assert response.status_code == 302
    removed = membership(classroom.classmate, classroom.course)
    assert removed.removed_at is not None

    gone = client_for(classroom.classmate)
    assert gone.get(classroom.course.get_absolute_url()).status_code == 404
    assert gone.get(classroom.assignment.get_absolute_url()).status_code == 404
    assert classroom.course.title not in gone.get(reverse("classroom:home")).text
    rejoin = gone.post(reverse("classroom:join"), {"join_code": classroom.course.join_code})
    assert rejoin.status_code == 422
    assert "removed" in rejoin.text
    assert membership(classroom.classmate, classroom.course).removed_at is not None

    # What they wrote stays where it was, for everyone still in the course.
    page = client_for(classroom.student).get(
        classroom.assignment.get_absolute_url(), {"open": comment.paragraph_id}
    )
    assert "First <em>thoughts</em>." in page.text
    roster = client_for(classroom.instructor).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    assert classroom.classmate.username in roster.text
    assert "Restore" in roster.text


def test_restoring_brings_access_back(classroom, client_for):
    instructor = client_for(classroom.instructor)
    roster_action(instructor, classroom, "remove", classroom.classmate)
    response = roster_action(instructor, classroom, "restore", classroom.classmate)
    assert response.status_code == 302
    assert membership(classroom.classmate, classroom.course).removed_at is None
    assert membership(classroom.classmate, classroom.course).role == Role.STUDENT
    back = client_for(classroom.classmate)
    assert back.get(classroom.course.get_absolute_url()).status_code == 200
    assert back.get(classroom.assignment.get_absolute_url()).status_code == 200


def test_the_roster_counts_each_persons_comments_in_this_course_only(classroom, client_for):
    make_comment(author=classroom.student, assignment=classroom.assignment)
    make_comment(author=classroom.student, assignment=classroom.assignment)
    other = classroom.other_assignment
    Membership.objects.create(user=classroom.student, course=other.course, role=Role.STUDENT)
    make_comment(author=classroom.student, assignment=other)
    response = client_for(classroom.instructor).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    counts = {
        username: int(count)
        for username, count in re.findall(
            r"@(\w+)</span></th>.*?<td class=\"comment-count-cell\"[^>]*>(\d+)</td>",
            response.text,
            re.DOTALL,
        )
    }
    assert counts[classroom.student.username] == 2
    assert counts[classroom.classmate.username] == 1  # the fixture's first comment
    assert counts[classroom.instructor.username] == 0


def test_comments_survive_their_author_leaving_and_returning(classroom, client_for):
    mine = make_comment(author=classroom.student, assignment=classroom.assignment, body="Kept.")
    instructor = client_for(classroom.instructor)
    roster_action(instructor, classroom, "remove", classroom.student)
    roster_action(instructor, classroom, "restore", classroom.student)
    mine.refresh_from_db()
    assert mine.is_visible
    page = client_for(classroom.student).get(
        classroom.assignment.get_absolute_url(), {"open": mine.paragraph_id}
    )
    assert "Kept." in page.text


def test_an_instructor_who_hands_over_the_course_lands_on_the_course_page(classroom, client_for):
    Membership.objects.filter(user=classroom.ta, course=classroom.course).update(
        role=Role.INSTRUCTOR
    )
    own = Membership.objects.get(user=classroom.instructor, course=classroom.course)
    client = client_for(classroom.instructor)
    response = client.post(
        f"/c/{classroom.course.slug}/roster/{own.pk}/role/", {"role": "ta"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == classroom.course.get_absolute_url()
