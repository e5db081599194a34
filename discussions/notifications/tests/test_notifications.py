"""Notifications: replies, @mentions, moderation decisions and new assignments reach the right
people, once, named as they may see the author, and never about anything they may not see."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from classroom.assignments.services import assignment_create, assignment_update
from classroom.models import Group, Membership, PostFirst, Role
from discussions.models import Notice, Pseudonym, Status
from discussions.moderation.decisions import comment_approve, comment_hide
from discussions.notifications.replies_and_mentions import mentioned_names
from discussions.notifications.tasks import announce_assignment
from discussions.reading.services import comment_create, comment_edit
from tests.factories import MembershipFactory, ReadingFactory, UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def notices_of(user, kind=None) -> list[Notice]:
    """A person's notices once the worker has sent what was queued."""
    run_queued_tasks()
    notices = Notice.objects.filter(user=user)
    if kind:
        notices = notices.filter(kind=kind)
    return list(notices.order_by("pk"))


def say(author, classroom, body, **where):
    """Post, then let the worker send the notices it queued."""
    where.setdefault("paragraph", classroom.paragraphs[0])
    comment = comment_create(author=author, assignment=classroom.assignment, body=body, **where)
    run_queued_tasks()
    return comment


# --- Replies ---


def test_a_reply_tells_the_author_of_the_comment_it_answers(classroom):
    reply = say(classroom.student, classroom, "I see it differently.", parent=classroom.comment)
    [notice] = notices_of(classroom.classmate)
    assert notice.kind == Notice.Kind.REPLY
    assert notice.comment == reply
    assert notice.url == reply.get_absolute_url()
    assert notice.text == (
        f"{classroom.student.display_name} replied to your comment on "
        f"“{classroom.assignment.reading.title}”."
    )
    assert notice.read_at is None
    assert notices_of(classroom.student) == []


def test_nobody_hears_of_their_own_reply(classroom):
    say(classroom.classmate, classroom, "Adding to my own point.", parent=classroom.comment)
    assert notices_of(classroom.classmate) == []


def test_a_deep_reply_tells_the_person_it_answers(classroom):
    chain = classroom.comment
    authors = [classroom.student, classroom.ta, classroom.instructor]
    for author in authors:
        chain = say(author, classroom, f"Step by {author.username}.", parent=chain)
    Notice.objects.all().delete()
    deep = say(classroom.classmate, classroom, "Past the deepest level.", parent=chain)
    assert deep.reply_to == chain
    assert [n.user for n in Notice.objects.all()] == [classroom.instructor]


def test_a_reply_waiting_for_review_is_announced_once_approved(classroom):
    classroom.assignment.premoderate = True
    classroom.assignment.save()
    reply = say(classroom.student, classroom, "Held for now.", parent=classroom.comment)
    assert reply.status == Status.PENDING
    assert notices_of(classroom.classmate) == []
    comment_approve(comment=reply, moderator=classroom.ta)
    assert [n.kind for n in notices_of(classroom.classmate)] == [Notice.Kind.REPLY]
    # Hidden, edited, resubmitted and approved again: still one notice about it.
    comment_hide(comment=reply, moderator=classroom.ta, reason="Rephrase, please.")
    comment_edit(comment=reply, editor=classroom.student, body="Rephrased.")
    comment_approve(comment=reply, moderator=classroom.ta)
    assert [n.kind for n in notices_of(classroom.classmate)] == [Notice.Kind.REPLY]


def test_anonymous_replies_name_the_pseudonym_not_the_person(classroom):
    classroom.assignment.anonymous = True
    classroom.assignment.save()
    say(classroom.student, classroom, "Masked reply.", parent=classroom.comment)
    [notice] = notices_of(classroom.classmate)
    pseudonym = Pseudonym.objects.get(assignment=classroom.assignment, user=classroom.student)
    assert pseudonym.name in notice.text
    for name in (classroom.student.display_name, classroom.student.username):
        assert name not in notice.text
    # Staff see real names in anonymous discussions, so their notice may too.
    staff_thread = say(classroom.ta, classroom, "A TA thread.")
    say(classroom.student, classroom, "Answering the TA.", parent=staff_thread)
    [staff_notice] = notices_of(classroom.ta)
    assert classroom.student.display_name in staff_notice.text


# --- Mentions ---


def test_mentioned_names_are_usernames_without_trailing_punctuation():
    body = "Thanks @Ben. And @amara_o, @ben again; mail ben@example.com or see x.org/@nobody."
    assert mentioned_names(body) == ["ben", "amara_o"]


def test_a_mention_matches_usernames_ignoring_case(classroom):
    student = classroom.student
    student.username = "amara_o"
    student.save()
    comment = say(classroom.classmate, classroom, "What do you think, @Amara_O?")
    [notice] = notices_of(student)
    assert notice.kind == Notice.Kind.MENTION
    assert notice.comment == comment
    assert f"{classroom.classmate.display_name} mentioned you" in notice.text


def test_mentions_reach_only_members_of_the_course_who_can_see_it(classroom):
    names = [classroom.outsider.username, classroom.other_student.username, "nobody_here"]
    say(classroom.classmate, classroom, " ".join(f"@{name}" for name in names))
    assert not Notice.objects.exists()
    Membership.objects.filter(user=classroom.student).update(removed_at=timezone.now())
    say(classroom.classmate, classroom, f"@{classroom.student.username} are you there?")
    assert not Notice.objects.exists()


def test_mentioning_yourself_tells_nobody(classroom):
    say(classroom.classmate, classroom, f"As I, @{classroom.classmate.username}, said.")
    assert not Notice.objects.exists()


def test_a_reply_that_also_mentions_is_one_notice(classroom):
    say(
        classroom.student,
        classroom,
        f"@{classroom.classmate.username} I disagree.",
        parent=classroom.comment,
    )
    assert [n.kind for n in notices_of(classroom.classmate)] == [Notice.Kind.REPLY]


def test_an_edit_that_adds_a_mention_tells_them_once(classroom):
    comment = say(classroom.classmate, classroom, "A thought.")
    assert not Notice.objects.exists()
    comment_edit(
        comment=comment,
        editor=classroom.classmate,
        body=f"A thought, @{classroom.student.username}.",
    )
    comment_edit(
        comment=comment,
        editor=classroom.classmate,
        body=f"A thought, @{classroom.student.username}!",
    )
    assert [n.kind for n in notices_of(classroom.student)] == [Notice.Kind.MENTION]


def test_post_first_keeps_mentions_from_students_who_have_not_posted(classroom):
    classroom.assignment.post_first = PostFirst.READING
    classroom.assignment.save()
    say(classroom.classmate, classroom, f"@{classroom.student.username} @{classroom.ta.username}")
    assert notices_of(classroom.student) == []
    assert [n.kind for n in notices_of(classroom.ta)] == [Notice.Kind.MENTION]


def test_a_pending_mention_tells_nobody_until_approved(classroom):
    classroom.assignment.premoderate = True
    classroom.assignment.save()
    held = say(classroom.classmate, classroom, f"Hey @{classroom.student.username}.")
    assert notices_of(classroom.student) == []
    comment_approve(comment=held, moderator=classroom.ta)
    assert [n.kind for n in notices_of(classroom.student)] == [Notice.Kind.MENTION]


def test_mentions_stay_inside_the_group(classroom):
    classroom.assignment.group_discussions = True
    classroom.assignment.save()
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    estuary = Group.objects.create(course=classroom.course, name="Estuary")
    Membership.objects.filter(user=classroom.student).update(group=harbour)
    Membership.objects.filter(user=classroom.classmate).update(group=estuary)
    teammate = MembershipFactory(course=classroom.course, role=Role.STUDENT, group=estuary).user
    assignment = type(classroom.assignment).objects.get(pk=classroom.assignment.pk)
    comment_create(
        author=classroom.classmate,
        assignment=assignment,
        paragraph=classroom.paragraphs[0],
        body=f"@{classroom.student.username} @{teammate.username} @{classroom.ta.username}",
    )
    assert notices_of(classroom.student) == []
    assert len(notices_of(teammate)) == 1
    assert len(notices_of(classroom.ta)) == 1


def test_anonymous_mentions_use_pseudonyms_and_never_real_usernames(classroom):
    classroom.assignment.anonymous = True
    classroom.assignment.save()
    say(classroom.student, classroom, "I am here too.")  # gives the student a pseudonym
    pseudonym = Pseudonym.objects.get(assignment=classroom.assignment, user=classroom.student).name
    say(classroom.classmate, classroom, f"@{classroom.student.username}, what do you think?")
    assert notices_of(classroom.student) == []
    squashed = pseudonym.replace(" ", "")
    say(classroom.classmate, classroom, f"@{squashed.lower()} and @{classroom.instructor.username}")
    [notice] = notices_of(classroom.student)
    classmate_alias = Pseudonym.objects.get(
        assignment=classroom.assignment, user=classroom.classmate
    )
    assert notice.text.startswith(f"{classmate_alias.name} mentioned you")
    assert classroom.classmate.display_name not in notice.text
    assert len(notices_of(classroom.instructor)) == 1


# --- Moderation decisions ---


def test_moderation_decisions_tell_the_author_and_never_the_moderator(classroom):
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Off-topic.")
    [notice] = notices_of(classroom.classmate)
    assert notice.kind == Notice.Kind.MODERATION
    assert notice.comment == classroom.comment
    assert "Reason: Off-topic." in notice.text
    own = say(classroom.ta, classroom, "A TA's own slip.")
    comment_hide(comment=own, moderator=classroom.ta, reason="My mistake.")
    assert notices_of(classroom.ta) == []


# --- New assignments ---


def test_an_assignment_open_now_tells_the_course_but_not_whoever_set_it(classroom):
    reading = ReadingFactory(owner=classroom.instructor)
    assignment = assignment_create(
        course=classroom.course, reading=reading, created_by=classroom.instructor
    )
    told = {n.user for n in Notice.objects.filter(kind=Notice.Kind.ASSIGNMENT)}
    assert told == {classroom.student, classroom.classmate, classroom.ta}
    notice = Notice.objects.filter(user=classroom.student).get()
    assert notice.assignment == assignment
    assert notice.url == assignment.get_absolute_url()
    assert reading.title in notice.text and classroom.course.title in notice.text


def test_a_later_assignment_is_announced_by_the_worker_when_it_opens(classroom):
    reading = ReadingFactory(owner=classroom.instructor)
    opens = timezone.now() + timedelta(days=2)
    assignment = assignment_create(
        course=classroom.course, reading=reading, created_by=classroom.instructor, opens_at=opens
    )
    assert not Notice.objects.exists()
    queued = DBTaskResult.objects.get(task_path=announce_assignment.module_path)
    assert queued.run_after == opens
    assert queued.args_kwargs == {"args": [assignment.pk], "kwargs": {}}
    # Run early (the opening moved later, say): nothing to announce yet.
    assert announce_assignment.call(assignment.pk) == 0
    assignment.opens_at = timezone.now() - timedelta(minutes=1)
    assignment.save()
    assert announce_assignment.call(assignment.pk) == 3
    assert announce_assignment.call(assignment.pk) == 0  # nobody hears twice


def test_moving_the_opening_to_now_announces_at_once(classroom):
    reading = ReadingFactory(owner=classroom.instructor)
    assignment = assignment_create(
        course=classroom.course,
        reading=reading,
        created_by=classroom.instructor,
        opens_at=timezone.now() + timedelta(days=2),
    )
    assignment_update(
        assignment=assignment,
        editor=classroom.instructor,
        reading=reading,
        instructions="",
        opens_at=None,
        due_at=None,
        locks_at=None,
        post_first=PostFirst.OFF,
        hide_counts_before_posting=False,
        anonymous=False,
        group_discussions=False,
        premoderate=False,
        slow_mode_seconds=0,
    )
    assert Notice.objects.filter(kind=Notice.Kind.ASSIGNMENT).count() == 3


# --- The notices page: mark one or all read, with and without htmx ---


def test_marking_one_read_with_htmx_redraws_it_and_the_count(classroom, client_for):
    say(classroom.student, classroom, "One.", parent=classroom.comment)
    say(classroom.student, classroom, f"Two, @{classroom.classmate.username}.")
    first, second = notices_of(classroom.classmate)
    client = client_for(classroom.classmate)
    page = client.get(reverse("discussions:notices"))
    assert page.text.count("Mark as read</button>") == 2
    assert '<span class="notice-badge">2<' in page.text
    response = client.post(
        reverse("discussions:notice_read", args=[first.pk]), {"page": "1"}, headers=HTMX
    )
    assert response.status_code == 200
    assert f'id="notice-{first.pk}"' in response.text
    assert "Mark as read" not in response.text
    assert 'id="notices-link" hx-swap-oob="true"' in response.text
    assert '<span class="notice-badge">1<' in response.text
    assert '"colloquy:notice"' in response["HX-Trigger-After-Settle"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_all_read_with_htmx_redraws_the_list(classroom, client_for):
    for index in range(3):
        say(classroom.student, classroom, f"Reply {index}.", parent=classroom.comment)
    client = client_for(classroom.classmate)
    response = client.post(reverse("discussions:notices_read"), headers=HTMX)
    assert response.status_code == 200
    assert 'id="notices-content"' in response.text
    assert "Mark as read" not in response.text and "Mark all as read" not in response.text
    assert "notice-badge" not in response.text
    assert "Marked 3 notices as read." in response["HX-Trigger-After-Settle"]
    assert not Notice.objects.unread().exists()


def test_nobody_marks_someone_elses_notice(classroom, client_for):
    say(classroom.student, classroom, "Reply.", parent=classroom.comment)
    notice = Notice.objects.get()
    for headers in ({}, HTMX):
        response = client_for(classroom.student).post(
            reverse("discussions:notice_read", args=[notice.pk]), headers=headers
        )
        assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_page_names_each_kind(classroom, client_for):
    say(classroom.student, classroom, "Reply.", parent=classroom.comment)
    page = client_for(classroom.classmate).get(reverse("discussions:notices"))
    assert '<span class="notice-kind">Reply</span>' in page.text


# --- Account settings ---


def test_account_settings_save_name_language_and_email_choice(classroom, client_for):
    client = client_for(classroom.student)
    url = reverse("account_settings")
    page = client.get(url)
    assert f"It goes to {classroom.student.email}." in page.text
    assert re.search(r'<input type="checkbox" name="email_digest"[^>]* checked>', page.text)
    response = client.post(url, {"display_name": "Amara O.", "language": "es"})
    assert response.status_code == 302
    classroom.student.refresh_from_db()
    assert classroom.student.display_name == "Amara O."
    assert classroom.student.language == "es"
    assert classroom.student.email_digest is False  # an unticked box is "no"


def test_account_settings_refuse_hidden_characters_and_unknown_languages(classroom, client_for):
    client = client_for(classroom.student)
    url = reverse("account_settings")
    response = client.post(url, {"display_name": "Ama\u202era", "language": "xx"})
    assert response.status_code == 422
    assert "invisible control characters" in response.text
    assert "Choose one of the listed languages." in response.text
    classroom.student.refresh_from_db()
    assert classroom.student.language == ""


def test_the_header_links_to_account_settings(classroom, client_for):
    home = client_for(classroom.student).get(reverse("classroom:home"))
    assert f'href="{reverse("account_settings")}"' in home.text


def test_outsiders_have_nothing_to_hear_about(classroom):
    UserFactory(username="stranger")
    say(classroom.classmate, classroom, "@stranger hello")
    assert not Notice.objects.exists()
