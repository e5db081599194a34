"""A poll that finds nothing new is answered from the session and the cache (one query); every
change a poll shows still reaches it, and someone who left the course is refused."""

import pytest
from django.urls import reverse

from classroom.models import Membership
from classroom.roster.services import membership_remove
from discussions.models import Comment, Status
from discussions.moderation.decisions import (
    comment_approve,
    comment_hide,
    comment_pin_toggle,
    edit_approve,
    edit_hold,
    hold_for_review,
    thread_lock_toggle,
)
from discussions.reading.services import (
    comment_edit,
    comment_endorse_toggle,
    comment_withdraw,
)
from discussions.reading.tests.test_live_updates import poll, settle_everything
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet(classroom, client_for):
    """A student's tab whose first poll, checked in full, found nothing: the cursor it
    polls with, and its client."""
    client = client_for(classroom.student)
    after = settle_everything()
    assert poll(client, classroom, after).status_code == 204
    return client, after


def test_a_poll_that_finds_nothing_costs_one_query(classroom, quiet, django_assert_max_num_queries):
    client, after = quiet
    with django_assert_max_num_queries(1):  # the session
        response = poll(client, classroom, after)
    assert response.status_code == 204
    assert response.content == b""
    assert "HX-Request" in response.headers["Vary"]
    assert "no-store" in response.headers["Cache-Control"]


def _pending(classroom) -> Comment:
    comment = make_comment(author=classroom.classmate, assignment=classroom.assignment)
    comment.status = Status.PENDING
    comment.save(update_fields=["status"])
    hold_for_review(comment=comment, reason="A new member.")
    return comment


def _edit_waiting(classroom) -> Comment:
    edit_hold(comment=classroom.comment, body="Second thoughts.", reason="A watched word.")
    return classroom.comment


# Each change a poll shows: what exists before the tab's first poll, then the change.
CHANGES = {
    "new thread": (
        lambda classroom: None,
        lambda classroom, _: make_comment(
            author=classroom.classmate, assignment=classroom.assignment, body="Fresh."
        ),
    ),
    "reply": (
        lambda classroom: None,
        lambda classroom, _: make_comment(
            author=classroom.classmate, assignment=classroom.assignment, parent=classroom.comment
        ),
    ),
    "edit": (
        lambda classroom: classroom.comment,
        lambda classroom, comment: comment_edit(
            comment=comment, editor=classroom.classmate, body="Better put."
        ),
    ),
    "withdraw": (
        lambda classroom: classroom.comment,
        lambda classroom, comment: comment_withdraw(comment=comment, author=classroom.classmate),
    ),
    "hide": (
        lambda classroom: classroom.comment,
        lambda classroom, comment: comment_hide(
            comment=comment, moderator=classroom.instructor, reason="Off topic."
        ),
    ),
    "approve": (
        _pending,
        lambda classroom, comment: comment_approve(comment=comment, moderator=classroom.instructor),
    ),
    "approve an edit": (
        _edit_waiting,
        lambda classroom, comment: edit_approve(comment=comment, moderator=classroom.instructor),
    ),
    "pin": (
        lambda classroom: classroom.comment,
        lambda classroom, comment: comment_pin_toggle(
            comment=comment, moderator=classroom.instructor
        ),
    ),
    "lock": (
        lambda classroom: classroom.comment,
        lambda classroom, comment: thread_lock_toggle(
            comment=comment, moderator=classroom.instructor
        ),
    ),
    "endorse": (
        lambda classroom: classroom.comment,
        lambda classroom, comment: comment_endorse_toggle(
            comment=comment, moderator=classroom.instructor
        ),
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_reaches_a_quiet_tab_at_once(
    classroom, client_for, change, django_capture_on_commit_callbacks
):
    before, act = CHANGES[change]
    existing = before(classroom)
    client = client_for(classroom.student)
    after = settle_everything()
    assert poll(client, classroom, after).status_code == 204
    assert poll(client, classroom, after).status_code == 204  # answered from the cache

    with django_capture_on_commit_callbacks(execute=True):
        changed = act(classroom, existing) or existing
    response = poll(client, classroom, after)

    assert response.status_code == 200, change
    assert f'id="c-{changed.pk}"' in response.text


def test_someone_removed_from_the_course_is_refused_at_their_next_poll(classroom, quiet):
    client, after = quiet
    membership = Membership.objects.get(course=classroom.course, user=classroom.student)
    membership_remove(membership=membership, actor=classroom.instructor)

    assert poll(client, classroom, after).status_code == 404


def test_a_pass_is_for_the_discussion_it_was_given_for(classroom, quiet, client_for):
    client, after = quiet
    url = reverse(
        "discussions:discussion_updates",
        args=[classroom.course.slug, classroom.other_assignment.pk, classroom.paragraphs[0].pk],
    )
    # Another course's assignment, never checked for this student: checked in full.
    assert client.get(f"{url}?after={after}", headers={"HX-Request": "true"}).status_code == 404
