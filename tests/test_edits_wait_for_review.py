"""Under review rules (the whole course, recently joined students, or an assignment that holds
every student post) an edit to an approved comment waits for review like a new post: classmates
keep reading the approved wording on every endpoint until a moderator approves the edit; a
turned-down edit leaves the approved wording and stays in the comment's history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import Comment, CommentRevision, ModerationAction, Notice, Status
from discussions.reading import live
from tests.factories import make_comment
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
APPROVED = "Approved words everyone may read."
EDITED = "Unreviewed words nobody else may read"
WAITS = "Your edit waits for review; classmates see the earlier text."


def url(name: str, *args) -> str:
    return reverse(f"discussions:{name}", args=args)


def turn_on(rule: str, classroom) -> None:
    course, assignment = classroom.course, classroom.assignment
    if rule == "assignment":
        assignment.premoderate = True
        assignment.save(update_fields=["premoderate"])
    else:
        course.premoderation = rule
        course.save(update_fields=["premoderation"])


RULES = ["students", "new_students", "assignment"]


@pytest.fixture(params=RULES)
def edited(request, classroom, client_for):
    """The student's approved comment, then an edit through the form under a review rule."""
    comment = make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[2],
        body=APPROVED,
    )
    assert comment.status == Status.VISIBLE
    Comment.objects.update(changed_at=timezone.now() - timedelta(minutes=5))
    classroom.cursor = live.cursor_for(timezone.now() - timedelta(minutes=1))
    turn_on(request.param, classroom)
    response = client_for(classroom.student).post(
        url("comment_edit", comment.pk), {"body": f"{EDITED} @{classroom.classmate.username}"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    return comment


def views_of(classroom, comment) -> dict[str, tuple[str, dict]]:
    slug, assignment, paragraph = (
        classroom.course.slug,
        classroom.assignment.pk,
        comment.paragraph_id,
    )
    reading = classroom.assignment.get_absolute_url()
    return {
        "page": (f"{reading}?all=1", {}),
        "page-open": (f"{reading}?open={paragraph}", {}),
        "fragment": (url("paragraph_discussion", slug, assignment, paragraph), HTMX),
        "comment": (url("comment", comment.pk), HTMX),
        "live-updates": (
            url("discussion_updates", slug, assignment, paragraph) + f"?after={classroom.cursor}",
            HTMX,
        ),
    }


def test_classmates_keep_reading_the_approved_wording_everywhere(edited, classroom, client_for):
    assert edited.status == Status.VISIBLE
    assert edited.body == APPROVED
    client = client_for(classroom.classmate)
    for name, (path, headers) in views_of(classroom, edited).items():
        response = client.get(path, headers=headers)
        page = response.content.decode()
        assert EDITED not in page, name
        assert "waiting for review" not in page.lower(), name
        if response.status_code == 200 and name != "live-updates":
            assert APPROVED in page, name
    # Nobody hears of a mention in words they may not read.
    assert not Notice.objects.filter(user=classroom.classmate).exists()


def test_the_author_sees_the_edit_and_that_it_waits(edited, classroom, client_for):
    client = client_for(classroom.student)
    for name, (path, headers) in views_of(classroom, edited).items():
        response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert EDITED in page and WAITS in page, name
    form = client.get(url("comment_edit", edited.pk)).content.decode()
    assert EDITED in form


def test_the_queue_shows_the_edit_with_before_and_after(edited, classroom, client_for):
    client = client_for(classroom.ta)
    queue = client.get(url("moderation_queue", classroom.course.slug)).content.decode()
    assert "Edit waiting for review" in queue
    assert APPROVED in queue and EDITED in queue
    assert "<ins>" in queue and "<del>" in queue
    assert "Approve edit" in queue and "Turn down edit" in queue
    row = ModerationAction.objects.get(comment=edited, kind=ModerationAction.Kind.HOLD_EDIT)
    assert row.actor == classroom.student


def test_approving_the_edit_shows_it_to_classmates(edited, classroom, client_for):
    response = client_for(classroom.ta).post(url("comment_approve", edited.pk))
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.body.startswith(EDITED) and edited.pending_body == ""
    assert edited.revisions.get().body == APPROVED
    client = client_for(classroom.classmate)
    for name, (path, headers) in views_of(classroom, edited).items():
        page = client.get(path, headers=headers).content.decode()
        assert EDITED in page, name
    # The mention is heard now that classmates can read it.
    run_queued_tasks()
    assert Notice.objects.filter(user=classroom.classmate, comment=edited).exists()
    assert Notice.objects.filter(user=classroom.student, kind=Notice.Kind.MODERATION).exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_turning_the_edit_down_keeps_the_approved_wording(headers, edited, classroom, client_for):
    response = client_for(classroom.ta).post(
        url("comment_hide", edited.pk), {"reason": "Says too much."}, headers=headers
    )
    assert response.status_code in (200, 302)
    edited.refresh_from_db()
    assert edited.status == Status.VISIBLE
    assert edited.body == APPROVED and edited.pending_body == ""
    rejected = edited.revisions.get()
    assert rejected.body.startswith(EDITED)
    assert rejected.outcome == CommentRevision.Outcome.REJECTED
    page = client_for(classroom.classmate).get(classroom.assignment.get_absolute_url() + "?all=1")
    assert APPROVED in page.content.decode() and EDITED not in page.content.decode()
    author = client_for(classroom.student)
    notices = author.get(url("notices")).content.decode()
    assert "turned down your edit" in notices and "Says too much." in notices
    history = author.get(url("comment_history", edited.pk)).content.decode()
    # Shown as a diff from the approved wording, word by word.
    assert "Edit turned down by a moderator" in history
    assert "<ins>Unreviewed</ins>" in history and "nobody else" in history


def test_an_empty_edit_is_refused_and_changes_nothing(edited, classroom, client_for):
    before = Comment.objects.values_list("body", "pending_body").get(pk=edited.pk)
    response = client_for(classroom.student).post(
        url("comment_edit", edited.pk), {"body": "   "}, headers=HTMX
    )
    assert response.status_code == 422
    assert Comment.objects.values_list("body", "pending_body").get(pk=edited.pk) == before


def test_a_second_edit_replaces_the_waiting_one_and_keeps_it(edited, classroom, client_for):
    client_for(classroom.student).post(url("comment_edit", edited.pk), {"body": "Third try."})
    edited.refresh_from_db()
    assert edited.body == APPROVED and edited.pending_body == "Third try."
    kept = edited.revisions.get(outcome=CommentRevision.Outcome.UNREVIEWED)
    assert kept.body.startswith(EDITED)


def test_staff_edits_are_not_held(classroom, client_for):
    comment = make_comment(author=classroom.ta, assignment=classroom.assignment, body="Staff.")
    turn_on("students", classroom)
    client_for(classroom.ta).post(url("comment_edit", comment.pk), {"body": "Staff, edited."})
    comment.refresh_from_db()
    assert comment.body == "Staff, edited." and comment.pending_body == ""
