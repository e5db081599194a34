"""A poll that finds nothing new is answered from the session and the cache (one query); every
change a poll shows still reaches it, and every change to who may poll reaches every server's
quiet answers at once, whether each keeps its own cache or they share one Redis."""

import os
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom.accounts.services import account_delete
from classroom.models import Assignment, Membership, Role
from classroom.roster.services import membership_remove, membership_set_role
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


@pytest.fixture(params=["each server's own memory", "one Redis"])
def on_server(request, settings):
    """Moves the test between two app servers: "polls", which answers the student's tab, and
    "change", where the change is made. Each keeps its own cache, or both share one Redis
    (REDIS_URL)."""
    from django.core.cache import cache

    if request.param == "one Redis":
        if not os.environ.get("REDIS_URL"):
            pytest.skip("REDIS_URL is not set")
        shared = {
            "BACKEND": "config.caches.FailSoftRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"colloquy-test-{uuid.uuid4().hex[:12]}",
        }
        servers = {"polls": shared, "change": shared}
    else:
        locmem = "django.core.cache.backends.locmem.LocMemCache"
        servers = {
            name: {"BACKEND": locmem, "LOCATION": f"quiet-polls-{name}"}
            for name in ("polls", "change")
        }
    caches = settings.CACHES

    def on(server: str) -> None:
        settings.CACHES = caches | {"default": servers[server]}

    def clear_both() -> None:
        for server in servers:
            on(server)
            cache.clear()

    clear_both()
    on("polls")
    yield on
    clear_both()


def _quiet_tab(classroom, client, django_assert_max_num_queries) -> str:
    """Open a tab and poll until its polls get the quiet answer; the cursor they poll with."""
    after = settle_everything()
    assert poll(client, classroom, after).status_code == 204  # checked in full: the pass
    with django_assert_max_num_queries(1):
        assert poll(client, classroom, after).status_code == 204
    return after


def _not_yet_open(classroom) -> None:
    # Set up as staff prepare a reading, before the tab opens.
    Assignment.objects.filter(pk=classroom.assignment.pk).update(
        opens_at=timezone.now() + timedelta(days=2)
    )


def _open_later(classroom, person) -> None:
    assignment = Assignment.objects.get(pk=classroom.assignment.pk)
    assignment.opens_at = timezone.now() + timedelta(days=2)
    assignment.save()  # as the admin saves it


def _deactivate(classroom, person) -> None:
    person.is_active = False
    person.save()


def _change_password(classroom, person) -> None:
    person.set_password("a new password, chosen on another device")
    person.save()


def _no_longer_site_admin(classroom, person) -> None:
    person.is_superuser = False
    person.save()


def _membership(classroom, person) -> Membership:
    return Membership.objects.get(course=classroom.course, user=person)


LOGIN = 302  # anyone signed out is sent to sign in


# Who polls, what was so before their tab opened, the change, and what the whole check answers
# them afterwards.
ACCESS_CHANGES = {
    "removed from the course": (
        "student",
        None,
        lambda classroom, person: membership_remove(
            membership=_membership(classroom, person), actor=classroom.instructor
        ),
        404,
    ),
    "membership deleted": (
        "student",
        None,
        lambda classroom, person: _membership(classroom, person).delete(),
        404,
    ),
    "teaching assistant made a student before the reading opens": (
        "ta",
        _not_yet_open,
        lambda classroom, person: membership_set_role(
            membership=_membership(classroom, person), role=Role.STUDENT, actor=classroom.instructor
        ),
        403,
    ),
    "the reading's opening moved later": ("student", None, _open_later, 403),
    "site admin no longer": ("admin", None, _no_longer_site_admin, 404),
    "account deactivated": ("student", None, _deactivate, LOGIN),
    "password changed on another device": ("student", None, _change_password, LOGIN),
    "account deleted": (
        "student",
        None,
        lambda classroom, person: account_delete(user=person),
        LOGIN,
    ),
}


@pytest.mark.parametrize("change", ACCESS_CHANGES)
def test_a_change_to_who_may_poll_reaches_every_servers_quiet_answers_at_once(
    classroom, client_for, on_server, change, django_assert_max_num_queries
):
    who, before, act, refused = ACCESS_CHANGES[change]
    person = getattr(classroom, who)
    if before:
        before(classroom)
    client = client_for(person)
    after = _quiet_tab(classroom, client, django_assert_max_num_queries)

    on_server("change")
    act(classroom, person)
    on_server("polls")

    assert poll(client, classroom, after).status_code == refused


def test_signing_out_reaches_every_servers_quiet_answers_at_once(
    classroom, client_for, on_server, django_assert_max_num_queries
):
    client = client_for(classroom.student)
    after = _quiet_tab(classroom, client, django_assert_max_num_queries)

    on_server("change")
    # Another tab of the same browser signs out: the session row goes.
    other_tab = Client()
    other_tab.cookies = client.cookies
    other_tab.post(reverse("logout"))
    on_server("polls")

    assert poll(client, classroom, after).status_code == LOGIN


def test_a_pass_is_for_the_discussion_it_was_given_for(classroom, quiet, client_for):
    client, after = quiet
    url = reverse(
        "discussions:discussion_updates",
        args=[classroom.course.slug, classroom.other_assignment.pk, classroom.paragraphs[0].pk],
    )
    # Another course's assignment, never checked for this student: checked in full.
    assert client.get(f"{url}?after={after}", headers={"HX-Request": "true"}).status_code == 404
