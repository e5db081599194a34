"""Colloquy used from inside the test LMS's course page in Chromium: the LMS (127.0.0.1) frames
the tool (localhost), so every Colloquy cookie is a third-party, partitioned cookie. A student
discusses and the score reaches the LMS gradebook; an instructor adds a reading to a module."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from classroom.lti.models import Identity
from classroom.models import Assignment, Role
from discussions.models import Comment
from discussions.participation.rubric import rubric_for
from tests.factories import (
    AssignmentFactory,
    CourseFactory,
    MembershipFactory,
    ReadingFactory,
    UserFactory,
)
from tests.lti_fixtures import assignment_link_for_test, course_link_for_test
from tests.lti_platform.server import DEEP_LINKING

from .conftest import READING_TEXT, open_page
from .screens import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]
THOUGHT = (
    "The third paragraph made me wonder whether a shared margin changes what we dare to write, "
    "because I noticed I wrote less when I knew my classmates would read it."
)


@pytest.fixture
def linked_reading(lms):
    """A course linked to the LMS course, its instructor, and a reading linked from a module."""
    instructor = UserFactory(username="castillo", display_name="Ruth Castillo")
    course = CourseFactory(title="Reading Closely", created_by=instructor)
    MembershipFactory(user=instructor, course=course, role=Role.INSTRUCTOR)
    reading = ReadingFactory(owner=instructor, title="On Reading Slowly", paragraphs=READING_TEXT)
    assignment = AssignmentFactory(course=course, reading=reading)
    assignment_link_for_test(course_link_for_test(lms, course), assignment)
    return assignment


def test_a_students_discussion_reaches_the_lms_gradebook(
    page, browser, request, lms, linked_reading, live_server, log_in
):
    assignment = linked_reading
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    page.goto(lms.course_page_url(lms.queue_launch(student, target_link_uri=live_server.url)))
    tool = page.frame(name="tool")
    tool.wait_for_url(re.compile(re.escape(assignment.get_absolute_url()) + "$"))

    frame = page.frame_locator("iframe[name=tool]")
    frame.get_by_role("link", name=re.compile("^Discussion of paragraph 3")).click()
    discussion = frame.get_by_role("region", name="Discussion of paragraph 3")
    discussion.get_by_label("Start a thread on paragraph 3").fill(THOUGHT)
    discussion.get_by_role("button", name="Post").click()
    expect(discussion.locator("ol.threads > li")).to_contain_text(THOUGHT)
    ben = Identity.objects.get(issuer=lms.issuer, subject="s-1").user
    assert Comment.objects.get(author=ben).body == THOUGHT
    shoot(page, "lms-frame-student-posted")

    teacher_page = open_page(browser, request, viewport={"width": 1366, "height": 768})
    log_in(teacher_page, assignment.course.created_by)
    teacher_page.goto(
        live_server.url + reverse("lms:grades", args=[assignment.course.slug, assignment.pk])
    )
    teacher_page.get_by_role("button", name="Send grades now").click()
    expect(teacher_page.get_by_text("Grades are on their way to the LMS.")).to_be_visible()
    call_command(*WORKER, verbosity=0)

    (score,) = lms.received.scores
    assert score["userId"] == "s-1"
    assert score["scoreGiven"] > 0
    assert score["scoreMaximum"] == float(rubric_for(assignment).points_possible)
    teacher_page.reload()
    expect(teacher_page.locator(f"#student-{ben.pk}")).to_contain_text("Accepted by the LMS")
    page.console_watch.assert_clean()
    teacher_page.console_watch.assert_clean()


def test_an_instructor_adds_a_reading_to_a_module_inside_the_lms(page, lms, live_server):
    instructor = UserFactory(username="castillo", display_name="Ruth Castillo")
    Identity.objects.create(issuer=lms.issuer, subject="t-1", user=instructor)
    ReadingFactory(owner=instructor, title="On Reading Slowly", paragraphs=READING_TEXT)
    course = CourseFactory(title="Reading Closely", created_by=instructor)
    course_link_for_test(lms, course)
    teacher = lms.add_member("t-1", "Ruth Castillo", "ruth@school.example", "instructor")
    params = lms.queue_launch(
        teacher, target_link_uri=live_server.url, message_type="LtiDeepLinkingRequest"
    )

    page.goto(lms.course_page_url(params))
    frame = page.frame_locator("iframe[name=tool]")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Add a reading to Reading Closely")
    frame.get_by_label("Reading", exact=True).select_option(label="On Reading Slowly")
    frame.get_by_label("Instructions").fill("Leave one question on the paragraph that puzzled you.")
    frame.get_by_role("button", name="Add to the LMS").last.click()

    # The answer page sends itself to the LMS, which shows what it added.
    expect(frame.get_by_text("Content added to the module.")).to_be_visible()
    (answer,) = lms.received.deep_link_responses
    (item,) = answer[DEEP_LINKING + "content_items"]
    assignment = Assignment.objects.get(course=course)
    assert item["custom"] == {"assignment": str(assignment.pk)}
    assert assignment.instructions == "Leave one question on the paragraph that puzzled you."
    page.console_watch.assert_clean()
