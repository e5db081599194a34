"""Arriving from the LMS is arriving like anyone else: a student's launch lands on a reading
that still hides classmates until they post (post-first) and names them by pseudonym
(anonymous discussions), and what goes back to the LMS carries no pseudonym or comment."""

import pytest

from classroom.lti.models import Identity
from classroom.models import PostFirst, Role
from discussions.lms.tasks import send_grades
from discussions.models import Pseudonym
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    ReadingFactory,
    UserFactory,
    make_comment,
)
from tests.lti_fixtures import assignment_link_for_test, course_link_for_test

pytestmark = pytest.mark.django_db(transaction=True)

CLASSMATE_WORDS = "Thaddeus thinks the lottery is a ritual nobody remembers starting " * 3


@pytest.fixture
def discussion(lms):
    """A linked post-first, anonymous assignment where a classmate already posted."""
    assignment = AssignmentFactory(
        reading=ReadingFactory(title="The Lottery"),
        post_first=PostFirst.READING,
        anonymous=True,
    )
    assignment_link_for_test(course_link_for_test(lms, assignment.course), assignment)
    classmate = UserFactory(username="thaddeus_vreeland", display_name="Thaddeus Vreeland")
    MembershipFactory(user=classmate, course=assignment.course, role=Role.STUDENT)
    make_comment(author=classmate, assignment=assignment, body=CLASSMATE_WORDS)
    return assignment, classmate


def ben_launches_and_posts(assignment, lms, browser, login_url, target):
    """Ben opens the discussion from the LMS and posts his own reading, which lifts post-first."""
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    browser.launch(login_url, lms.queue_launch(student, target_link_uri=target))
    ben = Identity.objects.get(subject="s-1").user
    make_comment(author=ben, assignment=assignment, body="My own reading of it first. " * 5)
    return ben


def test_a_launch_lands_where_post_first_still_hides_classmates(
    discussion, lms, browser, login_url, target
):
    assignment, _classmate = discussion
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")

    page = browser.launch(login_url, lms.queue_launch(student, target_link_uri=target))

    assert page.status_code == 200
    assert page.url.endswith(assignment.get_absolute_url())
    everything = browser.session.get(page.url + "?all=1", timeout=10)
    for text in (page.text, everything.text):
        assert "Thaddeus thinks the lottery" not in text
        assert "Vreeland" not in text and "thaddeus_vreeland" not in text


def test_after_posting_classmates_show_under_pseudonyms_only(
    discussion, lms, browser, login_url, target
):
    assignment, classmate = discussion
    ben_launches_and_posts(assignment, lms, browser, login_url, target)

    everything = target.rstrip("/") + assignment.get_absolute_url() + "?all=1"
    page = browser.session.get(everything, timeout=10)

    assert "Thaddeus thinks the lottery" in page.text
    assert "Vreeland" not in page.text and "thaddeus_vreeland" not in page.text
    assert Pseudonym.objects.get(assignment=assignment, user=classmate).name in page.text


def test_scores_sent_for_an_anonymous_discussion_carry_no_pseudonym_or_words(
    discussion, lms, browser, login_url, target
):
    assignment, _classmate = discussion
    ben = ben_launches_and_posts(assignment, lms, browser, login_url, target)

    send_grades.call(assignment.pk)

    (score,) = lms.received.scores
    assert score["userId"] == "s-1"
    pseudonym = Pseudonym.objects.get(assignment=assignment, user=ben).name
    assert pseudonym not in str(score) and "reading of it" not in str(score)
