"""Moderation through HTTP: flags, the review queue and each decision (plain and htmx), the
reading page's view of hidden, pending, pinned and locked comments, suspensions and notices."""

import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.access import SITE_ADMIN
from articles.rendering import render_markdown
from classroom.models import Membership
from discussions.models import (
    Comment,
    Flag,
    ModerationAction,
    Notice,
    Prompt,
    Status,
    Suspension,
)
from discussions.moderation.decisions import comment_hide
from discussions.notifications.views import NOTICES_PAGE_SIZE
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
THANKS = "Thanks — a moderator will take a look."


def url(name, *args):
    return reverse(f"discussions:{name}", args=args)


def queue_url(classroom):
    return url("moderation_queue", classroom.course.slug)


def reading_url(classroom):
    return classroom.assignment.get_absolute_url() + "?all=1"


def flag(comment, flagger, reason="harassment", note=""):
    return Flag.objects.create(comment=comment, flagger=flagger, reason=reason, note=note)


def pending_comment(classroom, *, author=None, body="Waiting words.", **fields):
    comment = make_comment(author=author or classroom.student, assignment=classroom.assignment)
    Comment.objects.filter(pk=comment.pk).update(
        status=Status.PENDING,
        body=body,
        body_html=render_markdown(body),
        moderation_reason="Posts in this discussion are reviewed before classmates see them.",
        **fields,
    )
    comment.refresh_from_db()
    return comment


def snapshot():
    """What a refused moderation request must leave unchanged."""
    return {
        "comments": sorted(
            Comment.objects.values_list(
                "pk", "status", "body", "moderation_reason", "pinned", "thread_locked"
            )
        ),
        "flags": sorted(Flag.objects.values_list("pk", "resolved_at")),
        "actions": ModerationAction.objects.count(),
        "notices": Notice.objects.count(),
        "suspensions": sorted(Suspension.objects.values_list("pk", "lifted_at")),
    }


def messages_in(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Flagging ---


def test_flag_form_is_a_page_without_htmx_and_a_fragment_with_it(classroom, client_for):
    client = client_for(classroom.student)
    page = client.get(url("comment_flag", classroom.comment.pk))
    assert page.status_code == 200
    assert b"<h1>Flag a comment</h1>" in page.content
    assert b"What is wrong with it?" in page.content
    assert b"First <em>thoughts</em>." in page.content

    fragment = client.get(url("comment_flag", classroom.comment.pk), headers=HTMX)
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert f'id="c-{classroom.comment.pk}-flag-form"'.encode() in fragment.content
    for label in ("Off-topic", "Disrespectful", "Harassment or bullying", "Spam"):
        assert label.encode() in fragment.content


def test_flag_without_javascript_redirects_to_the_comment_with_thanks(classroom, client_for):
    client = client_for(classroom.student)
    response = client.post(
        url("comment_flag", classroom.comment.pk), {"reason": "off_topic"}, follow=True
    )
    first_url, status = response.redirect_chain[0]
    assert status == 302
    assert first_url.endswith(f"#c-{classroom.comment.pk}")
    assert THANKS in messages_in(response)
    flag_row = Flag.objects.get()
    assert (flag_row.comment, flag_row.flagger, flag_row.reason) == (
        classroom.comment,
        classroom.student,
        "off_topic",
    )


def test_flag_with_htmx_answers_inline(classroom, client_for):
    client = client_for(classroom.student)
    response = client.post(
        url("comment_flag", classroom.comment.pk),
        {"reason": "other", "note": "Mocks a classmate's accent."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert THANKS in response.content.decode()
    assert b"<html" not in response.content
    assert "colloquy:comment" in response["HX-Trigger-After-Settle"]
    assert Flag.objects.get().note == "Mocks a classmate's accent."


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("case", "data", "message"),
    [
        ("no reason", {"reason": ""}, "Choose a reason for flagging."),
        ("unknown reason", {"reason": "boring"}, "Choose a reason for flagging."),
        ("other without a note", {"reason": "other", "note": "  "}, "Tell the moderators"),
        ("twice", {"reason": "spam"}, "You have already flagged this comment."),
        ("own comment", {"reason": "spam"}, "You can't flag your own comment"),
    ],
)
def test_refused_flags_answer_422_and_change_nothing(
    case, data, message, headers, classroom, client_for
):
    flagger = classroom.classmate if case == "own comment" else classroom.student
    if case == "twice":
        flag(classroom.comment, classroom.student)
    before = snapshot()
    response = client_for(flagger).post(
        url("comment_flag", classroom.comment.pk), data, headers=headers
    )
    assert response.status_code == 422
    assert message in response.content.decode().replace("&#x27;", "'")
    assert snapshot() == before


def test_flagging_a_comment_already_with_the_moderators_is_refused(classroom, client_for):
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Off-topic.")
    before = snapshot()
    response = client_for(classroom.student).post(
        url("comment_flag", classroom.comment.pk), {"reason": "spam"}
    )
    assert response.status_code == 422
    assert "already with the moderators" in response.content.decode()
    assert snapshot() == before


def test_flag_form_says_so_when_already_flagged(classroom, client_for):
    flag(classroom.comment, classroom.student)
    response = client_for(classroom.student).get(
        url("comment_flag", classroom.comment.pk), headers=HTMX
    )
    assert "You flagged this comment on" in response.content.decode()
    assert b"<select" not in response.content


def test_pending_comments_cannot_be_flagged_by_classmates_who_cannot_see_them(
    classroom, client_for
):
    waiting = pending_comment(classroom, author=classroom.classmate)
    response = client_for(classroom.student).post(
        url("comment_flag", waiting.pk), {"reason": "spam"}
    )
    assert response.status_code == 404
    assert not Flag.objects.exists()


def test_flag_link_shows_to_classmates_only(classroom, client_for):
    flag_link = f'href="{url("comment_flag", classroom.comment.pk)}"'
    assert flag_link in client_for(classroom.student).get(reading_url(classroom)).content.decode()
    for person in (classroom.classmate, classroom.ta):
        page = client_for(person).get(reading_url(classroom)).content.decode()
        assert flag_link not in page


def test_the_author_is_never_told_who_flagged(classroom, client_for):
    client_for(classroom.student).post(
        url("comment_flag", classroom.comment.pk), {"reason": "disrespectful"}
    )
    client_for(classroom.ta).post(
        url("comment_hide", classroom.comment.pk), {"reason": "Please keep it kind."}
    )
    author = client_for(classroom.classmate)
    reading = author.get(reading_url(classroom)).content.decode()
    notices = author.get(url("notices")).content.decode()
    for page in (reading, notices):
        assert "Please keep it kind." in page
        assert classroom.student.public_name not in page
        assert classroom.student.username not in page


# --- The review queue ---


def test_queue_lists_flagged_and_pending_comments_with_their_context(classroom, client_for):
    paragraph = classroom.paragraphs[0]
    reply = make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        parent=classroom.comment,
        body="You're wrong and everyone knows it.",
    )
    flag(reply, classroom.classmate, "disrespectful", note="Personal, not about the text.")
    flag(reply, classroom.ta, "harassment")
    prompt = Prompt.objects.create(
        assignment=classroom.assignment,
        paragraph=paragraph,
        author=classroom.instructor,
        body="Which *claim* matters most?",
        body_html=render_markdown("Which *claim* matters most?"),
    )
    answer = make_comment(author=classroom.classmate, assignment=classroom.assignment, body="x")
    Comment.objects.filter(pk=answer.pk).update(
        prompt=prompt,
        status=Status.PENDING,
        body="The second one.",
        body_html=render_markdown("The second one."),
    )
    untouched = make_comment(author=classroom.classmate, assignment=classroom.assignment)

    response = client_for(classroom.ta).get(queue_url(classroom))

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 comments waiting" in page
    assert f'id="queue-item-{reply.pk}"' in page
    assert f'id="queue-item-{answer.pk}"' in page
    assert f'id="queue-item-{untouched.pk}"' not in page
    # Newest activity first: the pending answer came after the flags.
    assert page.index(f'id="queue-item-{answer.pk}"') < page.index(f'id="queue-item-{reply.pk}"')
    item = page[page.index(f'id="queue-item-{reply.pk}"') :]
    item = item[: item.index("</li>\n")]
    assert paragraph.text in item
    assert f"In reply to {classroom.classmate.public_name}" in item
    assert "First <em>thoughts</em>." in item
    assert "You're wrong and everyone knows it." in item
    assert "2 flags" in item
    assert "Disrespectful" in item and "Personal, not about the text." in item
    assert "Harassment or bullying" in item
    assert classroom.student.public_name in item
    assert "Which <em>claim</em> matters most?" in page
    assert "Waiting for review" in page


def test_queue_shows_real_names_in_anonymous_discussions(classroom, client_for):
    classroom.assignment.anonymous = True
    classroom.assignment.save()
    flag(classroom.comment, classroom.student)
    page = client_for(classroom.ta).get(queue_url(classroom)).content.decode()
    assert classroom.classmate.public_name in page


def test_queue_costs_the_same_for_few_or_many_items(
    classroom, client_for, django_assert_max_num_queries
):
    client = client_for(classroom.ta)
    flag(classroom.comment, classroom.student)
    with CaptureQueriesContext(connection) as few:
        client.get(queue_url(classroom))
    for index in range(15):
        comment = make_comment(
            author=classroom.student,
            assignment=classroom.assignment,
            parent=classroom.comment if index % 2 else None,
        )
        flag(comment, classroom.classmate, "spam")
        pending_comment(classroom, author=classroom.classmate)
    with django_assert_max_num_queries(len(few)) as many:
        response = client.get(queue_url(classroom))
    assert response.status_code == 200
    assert len(many) == len(few)


def test_empty_queue_says_so(classroom, client_for):
    page = client_for(classroom.instructor).get(queue_url(classroom)).content.decode()
    assert "Nothing is waiting." in page


def test_staff_pages_link_to_the_queue_with_the_count(classroom, client_for):
    flag(classroom.comment, classroom.student)
    pending_comment(classroom)
    link = f'href="{queue_url(classroom)}">Review queue <span class="queue-count">2 waiting'
    for person in (classroom.ta, classroom.instructor):
        client = client_for(person)
        assert link in client.get(classroom.course.get_absolute_url()).content.decode()
        assert link in client.get(reading_url(classroom)).content.decode()
    student = client_for(classroom.student)
    assert "Review queue" not in student.get(classroom.course.get_absolute_url()).content.decode()
    assert "Review queue" not in student.get(reading_url(classroom)).content.decode()


def test_site_admins_see_every_course_in_one_queue(classroom, client_for):
    flag(classroom.comment, classroom.student)
    elsewhere = make_comment(
        author=classroom.other_student, assignment=classroom.other_assignment, body="Elsewhere."
    )
    flag(elsewhere, classroom.other_ta, "spam")
    response = client_for(classroom.admin).get(url("moderation_queue_all"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "across every course" in page
    assert f'id="queue-item-{classroom.comment.pk}"' in page
    assert f'id="queue-item-{elsewhere.pk}"' in page
    assert classroom.other_assignment.course.title in page
    for person in (classroom.instructor, classroom.ta, classroom.student):
        refused = client_for(person).get(url("moderation_queue_all"))
        assert refused.status_code == 403
        assert str(SITE_ADMIN.refusal) in html.unescape(refused.content.decode())


def test_a_ta_cannot_moderate_another_course(classroom, client_for):
    flag(classroom.comment, classroom.student)
    client = client_for(classroom.other_ta)
    before = snapshot()
    assert client.get(queue_url(classroom)).status_code == 404
    for name in ("comment_approve", "flags_dismiss", "thread_lock", "comment_pin"):
        assert client.post(url(name, classroom.comment.pk)).status_code == 404
    hide = client.post(url("comment_hide", classroom.comment.pk), {"reason": "No."})
    assert hide.status_code == 404
    assert snapshot() == before


# --- Decisions: every action, without and with htmx ---


def test_approve_without_javascript_redirects_back_to_the_queue(classroom, client_for):
    waiting = pending_comment(classroom)
    response = client_for(classroom.ta).post(
        url("comment_approve", waiting.pk),
        {"shown_in": "queue", "next": queue_url(classroom)},
        follow=True,
    )
    assert response.redirect_chain == [(queue_url(classroom), 302)]
    assert "Approved: classmates can see it now." in messages_in(response)
    waiting.refresh_from_db()
    assert waiting.status == Status.VISIBLE
    assert waiting.moderation_reason == ""
    action = ModerationAction.objects.get(comment=waiting, kind="approve")
    assert (action.actor, action.from_status, action.to_status) == (
        classroom.ta,
        Status.PENDING,
        Status.VISIBLE,
    )
    notice = Notice.objects.get(user=classroom.student)
    assert "approved" in notice.text


def test_approve_with_htmx_swaps_the_queue_item(classroom, client_for):
    waiting = pending_comment(classroom)
    response = client_for(classroom.ta).post(
        url("comment_approve", waiting.pk), {"shown_in": "queue"}, headers=HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<li")
    assert f'id="queue-item-{waiting.pk}"' in page
    assert "Approved: classmates can see it now." in page
    assert ">Visible<" in page
    assert ">Approve<" not in page


def test_hide_with_a_reason_from_the_queue(classroom, client_for):
    flag(classroom.comment, classroom.student)
    client = client_for(classroom.ta)
    response = client.post(
        url("comment_hide", classroom.comment.pk),
        {"reason": "Off-topic for this reading.", "shown_in": "queue"},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hidden. The author sees the reason" in page
    assert "Reason given to the author: Off-topic for this reading." in page
    assert ">Restore<" in page
    classroom.comment.refresh_from_db()
    assert classroom.comment.status == Status.HIDDEN
    assert classroom.comment.moderation_reason == "Off-topic for this reading."
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert "Off-topic for this reading." in Notice.objects.get(user=classroom.classmate).text


def test_hide_without_javascript_goes_back_where_it_came_from(classroom, client_for):
    client = client_for(classroom.instructor)
    response = client.post(
        url("comment_hide", classroom.comment.pk), {"reason": "Spam.", "shown_in": "queue"}
    )
    assert response.status_code == 302
    assert response["Location"] == queue_url(classroom)
    comment = make_comment(author=classroom.classmate, assignment=classroom.assignment)
    response = client.post(
        url("comment_hide", comment.pk), {"reason": "Spam.", "shown_in": "reading"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c-{comment.pk}")


def test_hide_form_opens_in_the_reply_slot_or_on_its_own_page(classroom, client_for):
    client = client_for(classroom.ta)
    fragment = client.get(url("comment_hide", classroom.comment.pk), headers=HTMX)
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert f'hx-target="#c-{classroom.comment.pk}-body"'.encode() in fragment.content
    assert b'name="shown_in" value="reading"' in fragment.content
    page = client.get(url("comment_hide", classroom.comment.pk))
    assert b"<h1>Moderate a comment</h1>" in page.content
    assert b"Reason for hiding" in page.content


def test_hide_from_the_reading_page_swaps_the_comment(classroom, client_for):
    response = client_for(classroom.ta).post(
        url("comment_hide", classroom.comment.pk),
        {"reason": "Off-topic.", "shown_in": "reading"},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<article")
    assert "Hidden by a moderator." in page
    assert "First <em>thoughts</em>." in page  # staff still read the original
    assert ">Restore<" in page


@pytest.mark.parametrize("shown_in", ["queue", "reading"])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_hide_needs_a_reason(shown_in, headers, classroom, client_for):
    before = snapshot()
    response = client_for(classroom.ta).post(
        url("comment_hide", classroom.comment.pk),
        {"reason": "   ", "shown_in": shown_in},
        headers=headers,
    )
    assert response.status_code == 422
    assert "Give a reason: the author will see it." in response.content.decode()
    assert snapshot() == before
    if headers and shown_in == "reading":
        assert response["HX-Retarget"] == f"#c-{classroom.comment.pk}-hide-form"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_hiding_an_already_hidden_comment_is_refused(headers, classroom, client_for):
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Off-topic.")
    before = snapshot()
    response = client_for(classroom.instructor).post(
        url("comment_hide", classroom.comment.pk),
        {"reason": "Again.", "shown_in": "queue"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "This comment is already hidden." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", ["comment_approve", "flags_dismiss", "comment_hide"])
def test_decisions_that_do_not_apply_are_refused(name, classroom, client_for):
    """Approving a visible comment, dismissing flags that aren't there."""
    before = snapshot()
    client = client_for(classroom.ta)
    data = {"reason": "x"} if name == "comment_hide" else {}
    if name == "comment_hide":
        Comment.objects.filter(pk=classroom.comment.pk).update(status=Status.WITHDRAWN)
        before = snapshot()
    plain = client.post(url(name, classroom.comment.pk), data)
    htmx = client.post(url(name, classroom.comment.pk), data | {"shown_in": "queue"}, headers=HTMX)
    assert plain.status_code == htmx.status_code == 422
    assert b"data-error-message" in plain.content
    assert b'class="queue-error"' in htmx.content
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["comment_approve", "comment_hide", "flags_dismiss", "thread_lock", "comment_pin"]
)
def test_unknown_comments_are_404(name, classroom, client_for):
    before = snapshot()
    response = client_for(classroom.instructor).post(url(name, 999_999), {"reason": "x"})
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["comment_approve", "comment_hide", "flags_dismiss", "thread_lock", "comment_pin"]
)
def test_students_are_told_no(name, classroom, client_for):
    flag(classroom.comment, classroom.student)
    before = snapshot()
    response = client_for(classroom.student).post(url(name, classroom.comment.pk), {"reason": "x"})
    assert response.status_code == 403
    assert "instructors and teaching assistants" in response.content.decode()
    assert snapshot() == before


def test_dismiss_flags_keeps_the_comment(classroom, client_for):
    flag(classroom.comment, classroom.student)
    flag(classroom.comment, classroom.instructor, "spam")
    client = client_for(classroom.ta)
    response = client.post(
        url("flags_dismiss", classroom.comment.pk), {"shown_in": "queue"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "2 flags dismissed; the comment stays." in response.content.decode()
    classroom.comment.refresh_from_db()
    assert classroom.comment.status == Status.VISIBLE
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert Flag.objects.filter(resolved_by=classroom.ta).count() == 2
    assert not Notice.objects.filter(user=classroom.classmate).exists()
    page = client.get(queue_url(classroom)).content.decode()
    assert f"queue-item-{classroom.comment.pk}" not in page
    plain = client.post(url("flags_dismiss", classroom.comment.pk))
    assert plain.status_code == 422


def test_pin_and_lock_from_the_queue(classroom, client_for):
    reply = make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=classroom.comment
    )
    flag(reply, classroom.classmate)
    client = client_for(classroom.ta)
    pinned = client.post(url("comment_pin", reply.pk), {"shown_in": "queue"}, headers=HTMX)
    assert "Pinned: it is listed first" in pinned.content.decode()
    assert ">Unpin<" in pinned.content.decode()
    locked = client.post(url("thread_lock", reply.pk), {"shown_in": "queue"}, headers=HTMX)
    assert "Thread locked: it takes no new replies." in locked.content.decode()
    assert ">Unlock thread<" in locked.content.decode()
    reply.refresh_from_db()
    classroom.comment.refresh_from_db()
    assert reply.pinned
    assert classroom.comment.thread_locked  # the thread's first comment carries the lock
    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["pin", "lock_thread"]
    plain = client.post(url("thread_lock", reply.pk), {"shown_in": "queue"}, follow=True)
    assert "Thread unlocked: replies are open again." in messages_in(plain)
    classroom.comment.refresh_from_db()
    assert not classroom.comment.thread_locked


def test_lock_from_the_reading_page_redraws_the_whole_thread(classroom, client_for):
    reply = make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=classroom.comment
    )
    response = client_for(classroom.ta).post(
        url("thread_lock", classroom.comment.pk), {"shown_in": "reading"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#c-{classroom.comment.pk}"
    page = response.content.decode()
    assert page.startswith(f'<li class="comment-item depth-0" id="c-{classroom.comment.pk}">')
    assert f'id="c-{reply.pk}"' in page
    assert "Thread locked" in page
    assert url("comment_reply", reply.pk) not in page
    assert url("comment_reply", classroom.comment.pk) not in page


# --- How the reading page shows moderated comments ---


def reply_to_hidden(classroom):
    reply = make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        parent=classroom.comment,
        body="A reply that stays.",
    )
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Shares an address.")
    return reply


def test_hidden_comments_are_a_tombstone_for_classmates_with_replies_kept(classroom, client_for):
    reply = reply_to_hidden(classroom)
    page = client_for(classroom.student).get(reading_url(classroom)).content.decode()
    assert "Hidden by a moderator." in page
    assert "First <em>thoughts</em>." not in page
    assert "Shares an address." not in page
    assert classroom.classmate.public_name not in page
    assert f'id="c-{reply.pk}"' in page and "A reply that stays." in page
    assert page.index(f'id="c-{classroom.comment.pk}"') < page.index(f'id="c-{reply.pk}"')
    assert url("comment_reply", classroom.comment.pk) not in page


def test_the_author_sees_the_reason_and_can_edit_and_resubmit(classroom, client_for):
    reply_to_hidden(classroom)
    client = client_for(classroom.classmate)
    page = client.get(reading_url(classroom)).content.decode()
    assert "Hidden by a moderator." in page
    assert "Shares an address." in page
    assert "Edit and resubmit" in page
    assert f'href="{url("comment_edit", classroom.comment.pk)}"' in page

    response = client.post(
        url("comment_edit", classroom.comment.pk),
        {"body": "First thoughts, without the address."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Waiting for review" in response.content.decode()
    classroom.comment.refresh_from_db()
    assert classroom.comment.status == Status.PENDING
    queue = client_for(classroom.ta).get(queue_url(classroom)).content.decode()
    assert "First thoughts, without the address." in queue
    assert "Edited after a moderator hid it." in queue


def test_staff_see_the_hidden_text_and_reason(classroom, client_for):
    reply_to_hidden(classroom)
    page = client_for(classroom.ta).get(reading_url(classroom)).content.decode()
    assert "Hidden by a moderator." in page
    assert 'class="moderated-original"' in page
    assert "First <em>thoughts</em>." in page
    assert "Shares an address." in page
    assert f'action="{url("comment_approve", classroom.comment.pk)}"' in page


def test_pending_comments_show_as_waiting_to_author_and_staff_only(classroom, client_for):
    waiting = pending_comment(classroom, body="Held back for now.")
    author = client_for(classroom.student).get(reading_url(classroom)).content.decode()
    assert "Held back for now." in author
    assert "Waiting for review" in author
    assert "Only you and the course staff can see it" in author
    staff = client_for(classroom.ta).get(reading_url(classroom)).content.decode()
    assert "Held back for now." in staff and "Waiting for review" in staff
    assert f'action="{url("comment_approve", waiting.pk)}"' in staff
    assert f'href="{url("comment_hide", waiting.pk)}"' in staff
    peer = client_for(classroom.classmate).get(reading_url(classroom)).content.decode()
    assert "Held back for now." not in peer
    assert "Waiting for review" not in peer


def test_approving_from_the_reading_page_swaps_the_comment(classroom, client_for):
    waiting = pending_comment(classroom, body="Held back for now.")
    client = client_for(classroom.ta)
    response = client.post(
        url("comment_approve", waiting.pk), {"shown_in": "reading"}, headers=HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<article")
    assert "Waiting for review" not in page
    assert "Held back for now." in page
    plain = client.post(url("comment_hide", waiting.pk), {"reason": "Spam.", "shown_in": "reading"})
    assert plain["Location"].endswith(f"#c-{waiting.pk}")


def test_pinned_threads_come_first_and_are_marked(classroom, client_for):
    paragraph = classroom.paragraphs[0]
    later = make_comment(
        author=classroom.student, assignment=classroom.assignment, paragraph=paragraph
    )
    client = client_for(classroom.ta)
    client.post(url("comment_pin", later.pk), {"shown_in": "reading"})
    page = client_for(classroom.student).get(reading_url(classroom)).content.decode()
    assert page.index(f'id="c-{later.pk}"') < page.index(f'id="c-{classroom.comment.pk}"')
    article = page[page.index(f'id="c-{later.pk}-body"') :]
    assert '<span class="pinned-label">Pinned</span>' in article[: article.index("</header>")]
    client = client_for(classroom.ta)
    response = client.post(url("comment_pin", later.pk), {"shown_in": "reading"}, headers=HTMX)
    assert ">Pin<" in response.content.decode()


def test_locked_threads_show_no_reply_links(classroom, client_for):
    reply = make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=classroom.comment
    )
    other = make_comment(author=classroom.student, assignment=classroom.assignment)
    client_for(classroom.ta).post(url("thread_lock", reply.pk))
    client = client_for(classroom.student)
    page = client.get(reading_url(classroom)).content.decode()
    assert '<span class="locked-label">Thread locked</span>' in page
    assert url("comment_reply", classroom.comment.pk) not in page
    assert url("comment_reply", reply.pk) not in page
    assert url("comment_reply", other.pk) in page
    # A lone comment re-drawn after an action knows its thread is locked too.
    fragment = client.get(url("comment", reply.pk), headers=HTMX).content.decode()
    assert url("comment_reply", reply.pk) not in fragment
    refused = client.post(url("comment_reply", reply.pk), {"body": "Still here?"})
    assert refused.status_code == 422
    assert "locked this thread" in refused.content.decode()


# --- Suspensions ---


def membership(classroom, user):
    return Membership.objects.get(course=classroom.course, user=user)


def suspend_url(classroom, user):
    return f"{url('suspension_new', classroom.course.slug)}?member={membership(classroom, user).pk}"


def test_suspend_a_student_who_then_reads_but_cannot_post(classroom, client_for):
    staff = client_for(classroom.instructor)
    form = staff.get(suspend_url(classroom, classroom.student))
    assert form.status_code == 200
    assert f"Suspend {classroom.student.public_name}" in form.content.decode()
    response = staff.post(
        suspend_url(classroom, classroom.student),
        {"days": "3", "reason": "Repeated insults in paragraph 2."},
        follow=True,
    )
    assert response.redirect_chain[0] == (
        reverse("classroom:roster", args=[classroom.course.slug]),
        302,
    )
    assert any("can read but not post until" in text for text in messages_in(response))
    suspension = Suspension.objects.get()
    assert (suspension.user, suspension.created_by) == (classroom.student, classroom.instructor)
    roster = response.content.decode()
    assert "Read-only until" in roster
    assert url("suspension_lift", classroom.course.slug, suspension.pk) in roster

    student = client_for(classroom.student)
    page = student.get(reading_url(classroom)).content.decode()
    assert re.search(r"You can read but not post until <time[^>]*>[^<]+</time>\.", page)
    assert "Reason: Repeated insults in paragraph 2." in page
    post = student.post(
        url(
            "thread_create",
            classroom.course.slug,
            classroom.assignment.pk,
            classroom.paragraphs[0].pk,
        ),
        {"body": "Can I post?"},
    )
    assert post.status_code == 403
    assert "not post until" in post.content.decode()
    assert "Repeated insults in paragraph 2." in Notice.objects.get(user=classroom.student).text

    staff = client_for(classroom.instructor)  # the same test client, logged in again
    lifted = staff.post(url("suspension_lift", classroom.course.slug, suspension.pk))
    assert lifted.status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    student = client_for(classroom.student)
    assert "not post until" not in student.get(reading_url(classroom)).content.decode()
    staff = client_for(classroom.instructor)
    again = staff.post(url("suspension_lift", classroom.course.slug, suspension.pk))
    assert again.status_code == 422
    assert "already lifted" in again.content.decode()


def test_tas_suspend_from_the_queue_and_come_back_to_it(classroom, client_for):
    flag(classroom.comment, classroom.student)
    client = client_for(classroom.ta)
    queue = client.get(queue_url(classroom)).content.decode()
    link = suspend_url(classroom, classroom.classmate)
    assert f'href="{link}"' in queue
    response = client.post(link, {"days": "1", "reason": "Cooling off."})
    assert response["Location"] == queue_url(classroom)
    queue = client.get(queue_url(classroom)).content.decode()
    assert "Read-only members" in queue and "Cooling off." in queue


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": "3", "reason": ""}, "Give a reason: the student will see it."),
        ({"days": "0", "reason": "x"}, "Suspend for between 1 and 365 days."),
        ({"days": "400", "reason": "x"}, "Suspend for between 1 and 365 days."),
        ({"days": "many", "reason": "x"}, "Enter a whole number of days."),
    ],
)
def test_bad_suspensions_are_422(data, message, classroom, client_for):
    before = snapshot()
    response = client_for(classroom.ta).post(suspend_url(classroom, classroom.student), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert snapshot() == before


def test_staff_cannot_be_suspended_and_strangers_are_404(classroom, client_for):
    client = client_for(classroom.instructor)
    before = snapshot()
    response = client.post(suspend_url(classroom, classroom.ta), {"days": "1", "reason": "x"})
    assert response.status_code == 422
    assert "Staff can&#x27;t be suspended" in response.content.decode()
    other = Membership.objects.get(user=classroom.other_student)
    for member in (str(other.pk), "999999", "abc", ""):
        target = f"{url('suspension_new', classroom.course.slug)}?member={member}"
        assert client.post(target, {"days": "1", "reason": "x"}).status_code == 404
    assert snapshot() == before


def test_roster_offers_suspension_for_students_only(classroom, client_for):
    page = (
        client_for(classroom.instructor)
        .get(reverse("classroom:roster", args=[classroom.course.slug]))
        .content.decode()
    )
    assert f'id="suspend-reason-{membership(classroom, classroom.student).pk}"' in page
    assert f'id="suspend-reason-{membership(classroom, classroom.ta).pk}"' not in page


# --- Notices ---


def test_notices_list_newest_first_and_stay_unread_until_marked(classroom, client_for):
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Off-topic.")
    client_for(classroom.classmate).post(
        url("comment_edit", classroom.comment.pk), {"body": "On topic now."}
    )
    client_for(classroom.ta).post(url("comment_approve", classroom.comment.pk))
    client = client_for(classroom.classmate)
    home = client.get(reverse("classroom:home")).content.decode()
    assert '<span class="notice-badge">2<span class="visually-hidden"> unread</span>' in home

    page = client.get(url("notices")).content.decode()
    approved = page.index("Your comment was approved")
    hidden = page.index("A moderator hid your comment. Reason: Off-topic.")
    assert approved < hidden
    assert page.count('class="status new-label"') == 2
    assert page.count("Mark as read</button>") == 2
    theirs = Notice.objects.filter(user=classroom.classmate)
    assert theirs.filter(read_at__isnull=True).count() == 2
    newest = theirs.order_by("-created_at", "-pk").first()
    marked = client.post(url("notice_read", newest.pk), {"page": "1"})
    assert marked["Location"] == url("notices")
    again = client.get(url("notices")).content.decode()
    assert again.count('class="status new-label"') == 1
    assert '<span class="notice-badge">1<span class="visually-hidden"> unread</span>' in again


def test_mark_all_read(classroom, client_for):
    for index in range(35):
        Notice.objects.create(user=classroom.student, text=f"Notice {index}")
    client = client_for(classroom.student)
    page = client.get(url("notices")).content.decode()
    assert "Mark all as read" in page
    assert page.count("Mark as read</button>") == 30  # a page of them
    response = client.post(url("notices_read"), follow=True)
    assert "Marked 35 notices as read." in messages_in(response)
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    assert "Mark all as read" not in response.text


def test_notices_are_private(classroom, client_for):
    Notice.objects.create(user=classroom.classmate, text="Only for the classmate.")
    page = client_for(classroom.student).get(url("notices")).content.decode()
    assert "Only for the classmate." not in page
    assert "No notices yet." in page


def test_the_unread_count_costs_one_query_and_none_on_fragments(classroom, client_for):
    Notice.objects.create(user=classroom.student, text="Hello.")
    client = client_for(classroom.student)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("classroom:home"))
    notice_queries = [q["sql"] for q in page.captured_queries if "discussions_notice" in q["sql"]]
    assert len(notice_queries) == 1
    assert "COUNT(" in notice_queries[0].upper()
    with CaptureQueriesContext(connection) as fragment:
        client.get(url("comment", classroom.comment.pk), headers=HTMX)
    assert not [q for q in fragment.captured_queries if "discussions_notice" in q["sql"]]
    client.logout()
    with CaptureQueriesContext(connection) as anonymous:
        client.get(reverse("login"))
    assert not [q for q in anonymous.captured_queries if "discussions_notice" in q["sql"]]


def test_suspension_times_are_in_the_course_time_zone(classroom, client_for):
    classroom.course.time_zone = "Pacific/Auckland"
    classroom.course.save()
    client = client_for(classroom.ta)
    response = client.post(
        suspend_url(classroom, classroom.student), {"days": "1", "reason": "Pause."}, follow=True
    )
    ends = Suspension.objects.get().ends_at.astimezone(ZoneInfo("Pacific/Auckland"))
    shown = f"{ends.day} {ends:%B}, {ends:%H:%M}"
    assert any(shown in text for text in messages_in(response))
    student = client_for(classroom.student)
    assert shown in student.get(reading_url(classroom)).content.decode()
    refused = student.post(
        url(
            "thread_create",
            classroom.course.slug,
            classroom.assignment.pk,
            classroom.paragraphs[0].pk,
        ),
        {"body": "Hello?"},
    )
    assert shown in refused.content.decode()


def test_notices_page_through_newest_first(classroom, client_for):
    size = NOTICES_PAGE_SIZE
    for number in range(size + 3):
        Notice.objects.create(user=classroom.student, text=f"Notice number {number}.")
    client = client_for(classroom.student)
    first = client.get("/notices/").text
    assert f"Notice number {size + 2}." in first and "Notice number 0." not in first
    assert 'aria-label="Notice pages"' in first and "?page=2" in first
    second = client.get("/notices/?page=2").text
    assert "Notice number 0." in second and "?page=1" in second
