"""The course page's "commented" and the participation page count the same comments: visible
ones, never those waiting for review, hidden by a moderator or withdrawn by their author."""

import re

import pytest
from django.urls import reverse

from discussions.models import Comment
from discussions.moderation.decisions import comment_hide
from discussions.reading.services import comment_withdraw
from tests.factories import MembershipFactory, make_comment

pytestmark = pytest.mark.django_db


def commented_on_course_page(client, classroom) -> tuple[int, int]:
    html = client.get(classroom.course.get_absolute_url()).content.decode()
    found = re.search(r"(\d+) of (\d+) students commented", html)
    return int(found[1]), int(found[2])


def silent_on_participation_page(client, classroom) -> int:
    url = reverse(
        "discussions:participation", args=[classroom.course.slug, classroom.assignment.pk]
    )
    html = client.get(url).content.decode()
    found = re.search(r"<strong>(\d+)</strong> of (\d+) students? ha(?:s|ve) not posted", html)
    return int(found[1]) if found else 0


def test_pending_hidden_and_withdrawn_comments_count_on_neither_page(classroom, client_for):
    assignment = classroom.assignment
    # The classmate's visible comment (from the fixture) counts; each of three others has
    # only a comment that is pending, hidden or withdrawn.
    waiting, hidden, withdrawn = (MembershipFactory(course=classroom.course).user for _ in range(3))
    assignment.premoderate = True
    assignment.save(update_fields=["premoderate"])
    make_comment(author=waiting, assignment=assignment, body="Held for review.")
    assignment.premoderate = False
    assignment.save(update_fields=["premoderate"])
    comment_hide(
        comment=make_comment(author=hidden, assignment=assignment, body="Rude."),
        moderator=classroom.ta,
        reason="Rude.",
    )
    comment_withdraw(
        comment=make_comment(author=withdrawn, assignment=assignment, body="Oops."),
        author=withdrawn,
    )
    assert Comment.objects.filter(assignment=assignment).count() == 4

    client = client_for(classroom.instructor)
    # student, classmate and the three above: only the classmate has commented.
    assert commented_on_course_page(client, classroom) == (1, 5)
    assert silent_on_participation_page(client, classroom) == 4

    for person in (waiting, hidden, withdrawn):
        page = client_for(person).get(classroom.course.get_absolute_url()).content.decode()
        assert "Not started" in page and ">Commented<" not in page
