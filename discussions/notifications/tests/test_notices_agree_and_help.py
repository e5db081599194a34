"""Notices that agree with the discussion and help staff: times in the course's zone and the
discussion's format, opening a notice marks it read, and staff hear of what waits for review."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from discussions.models import Notice
from discussions.moderation.decisions import comment_flag, flags_dismiss
from discussions.notifications.digests import send_digests
from discussions.reading.services import comment_create, comment_edit
from tests.factories import UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def notices_of(person, kind=Notice.Kind.REVIEW) -> list[Notice]:
    return list(Notice.objects.filter(user=person, kind=kind))


# --- Times ---


def test_notice_times_read_like_the_discussions(classroom, client_for):
    classroom.course.time_zone = "America/New_York"
    classroom.course.save()
    reply = comment_create(
        author=classroom.student,
        assignment=classroom.assignment,
        parent=classroom.comment,
        body="Replying to you.",
    )
    run_queued_tasks()
    notice = Notice.objects.get(comment=reply, kind=Notice.Kind.REPLY)
    when = datetime(2026, 12, 12, 4, 59, tzinfo=UTC)  # 23:59 on the 11th in New York
    Notice.objects.filter(pk=notice.pk).update(created_at=when)
    type(reply).objects.filter(pk=reply.pk).update(created_at=when)
    author = classroom.comment.author
    client = client_for(author)
    page = client.get(reverse("discussions:notices")).text
    assert '<time datetime="2026-12-12T04:59:00+00:00">11 Dec, 23:59</time>' in page
    discussion = client.get(reply.get_absolute_url(), follow=True).text
    assert ">11 Dec, 23:59</time>" in discussion


def test_a_notice_about_no_course_uses_the_site_zone(classroom, client_for, settings):
    notice = Notice.objects.create(user=classroom.student, text="Welcome.")
    Notice.objects.filter(pk=notice.pk).update(created_at=datetime(2026, 3, 1, 9, 5, tzinfo=UTC))
    page = client_for(classroom.student).get(reverse("discussions:notices")).text
    assert settings.TIME_ZONE == "UTC"
    assert ">1 Mar, 09:05</time>" in page


# --- Opening ---


def test_opening_a_notice_marks_it_read_and_goes_where_it_points(classroom, client_for):
    notice = Notice.objects.create(
        user=classroom.student, text="New reading.", url=classroom.assignment.get_absolute_url()
    )
    client = client_for(classroom.student)
    page = client.get(reverse("discussions:notices")).text
    open_url = reverse("discussions:notice_open", args=[notice.pk])
    assert f'action="{open_url}"' in page
    # Following the notices page's links (a prefetch, a preview) changes nothing.
    assert client.get(open_url).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None
    response = client.post(open_url)
    assert response.status_code == 302
    assert response["Location"] == classroom.assignment.get_absolute_url()
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_only_the_owner_opens_a_notice(classroom, client_for):
    notice = Notice.objects.create(user=classroom.student, text="Yours.", url="/")
    response = client_for(classroom.classmate).post(
        reverse("discussions:notice_open", args=[notice.pk])
    )
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_never_sends_anyone_off_the_site(classroom, client_for):
    notice = Notice.objects.create(user=classroom.student, text="Odd.", url="https://evil.example/")
    response = client_for(classroom.student).post(
        reverse("discussions:notice_open", args=[notice.pk])
    )
    assert response["Location"] == reverse("discussions:notices")


# --- Staff hear of what waits for review ---


def test_staff_hear_once_when_a_comment_is_flagged(classroom):
    comment = classroom.comment  # the classmate's
    comment_flag(comment=comment, flagger=classroom.student, reason="off_topic")
    another = UserFactory()
    classroom.course.memberships.create(user=another)
    comment_flag(comment=comment, flagger=another, reason="off_topic")
    queue = reverse("discussions:moderation_queue", args=[classroom.course.slug])
    for person in (classroom.instructor, classroom.ta):
        [notice] = notices_of(person)
        assert notice.url == queue
        assert notice.comment == comment
        assert classroom.assignment.reading.title in notice.text
        assert comment.body not in notice.text
    # Neither the people who flagged nor the author hear of it as staff do.
    for person in (classroom.student, another, comment.author):
        assert not notices_of(person)


def test_a_flag_after_a_decision_starts_a_new_review(classroom):
    comment = classroom.comment
    comment_flag(comment=comment, flagger=classroom.student, reason="off_topic")
    flags_dismiss(comment=comment, moderator=classroom.ta)
    Notice.objects.filter(kind=Notice.Kind.REVIEW).update(read_at=datetime.now(UTC))
    another = UserFactory()
    classroom.course.memberships.create(user=another)
    comment_flag(comment=comment, flagger=another, reason="spam")
    assert len(notices_of(classroom.instructor)) == 2


def test_a_flagged_staff_comment_is_not_announced_to_its_author(classroom):
    staff_comment = comment_create(
        author=classroom.ta,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[0],
        body="A TA's thought.",
    )
    comment_flag(comment=staff_comment, flagger=classroom.student, reason="off_topic")
    assert len(notices_of(classroom.instructor)) == 1
    assert not notices_of(classroom.ta)


def test_staff_hear_of_posts_and_edits_waiting_for_review(classroom):
    assignment = classroom.assignment
    visible = comment_create(
        author=classroom.student,
        assignment=assignment,
        paragraph=classroom.paragraphs[1],
        body="Posted before review began.",
    )
    assignment.premoderate = True
    assignment.save(update_fields=["premoderate"])
    held = comment_create(
        author=classroom.student,
        assignment=assignment,
        paragraph=classroom.paragraphs[0],
        body="Held for review.",
    )
    comment_edit(comment=visible, editor=classroom.student, body="An edit that waits.")
    comment_edit(comment=visible, editor=classroom.student, body="The same edit, reworded.")
    texts = sorted(notice.text for notice in notices_of(classroom.ta))
    title, course = assignment.reading.title, classroom.course.title
    assert texts == [
        f"A post on “{title}” in {course} waits for your review.",
        f"An edit on “{title}” in {course} waits for your review.",
    ]
    assert {notice.comment for notice in notices_of(classroom.instructor)} == {held, visible}
    assert not notices_of(classroom.student)


def test_the_digest_carries_the_review_line(classroom, settings):
    settings.SITE_URL = "https://colloquy.school.example"
    comment_flag(comment=classroom.comment, flagger=classroom.student, reason="off_topic")
    send_digests()
    [message] = [m for m in mail.outbox if m.to == [classroom.ta.email]]
    queue = reverse("discussions:moderation_queue", args=[classroom.course.slug])
    assert "was flagged for review" in message.body
    assert f"https://colloquy.school.example{queue}" in message.body
