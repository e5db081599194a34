"""Whoever flagged a comment hears that a moderator reviewed it, and what became of it,
never the moderator's private reason, and never about a comment they may not see."""

import pytest

from classroom.models import Assignment, Group, Membership
from discussions.models import Flag, Notice
from discussions.moderation.decisions import comment_approve, comment_hide, flags_dismiss
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def flag(comment, flagger):
    return Flag.objects.create(comment=comment, flagger=flagger, reason="spam")


def told(user) -> list[Notice]:
    return list(Notice.objects.filter(user=user).order_by("pk"))


def test_the_flagger_hears_a_hidden_comment_was_hidden_without_the_reason(classroom):
    flag(classroom.comment, classroom.student)
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Private: insults.")
    [notice] = told(classroom.student)
    assert "hid it" in notice.text
    assert "insults" not in notice.text
    assert notice.url == classroom.comment.get_absolute_url()
    # The author hears of it as before, once.
    assert len(told(classroom.classmate)) == 1


def test_the_flagger_hears_their_flag_was_dismissed(classroom):
    flag(classroom.comment, classroom.student)
    flags_dismiss(comment=classroom.comment, moderator=classroom.instructor)
    [notice] = told(classroom.student)
    assert "left it up" in notice.text


def test_the_flagger_hears_once_even_if_the_comment_is_later_restored(classroom):
    flag(classroom.comment, classroom.student)
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="No.")
    comment_approve(comment=classroom.comment, moderator=classroom.ta)
    assert len(told(classroom.student)) == 1


def test_no_notice_about_a_comment_the_flagger_can_no_longer_see(classroom):
    """A flagger moved to another group of a group discussion may not see the thread."""
    Assignment.objects.filter(pk=classroom.assignment.pk).update(group_discussions=True)
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    lighthouse = Group.objects.create(course=classroom.course, name="Lighthouse")
    Membership.objects.filter(user=classroom.classmate).update(group=harbour)
    classroom.assignment.refresh_from_db()
    comment = make_comment(author=classroom.classmate, assignment=classroom.assignment)
    comment.group = harbour
    comment.save()
    flag(comment, classroom.student)
    Membership.objects.filter(user=classroom.student).update(group=lighthouse)
    comment_hide(comment=comment, moderator=classroom.ta, reason="No.")
    assert told(classroom.student) == []


def test_a_moderator_who_flagged_is_not_told_of_their_own_decision(classroom):
    flag(classroom.comment, classroom.ta)
    flag(classroom.comment, classroom.student)
    flags_dismiss(comment=classroom.comment, moderator=classroom.ta)
    assert told(classroom.ta) == []
    assert len(told(classroom.student)) == 1
