"""Colloquy inside the test LMS's iframe, in Chromium: the LMS page (127.0.0.1) frames the
tool (localhost), so every cookie of the launch is a third-party cookie."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from classroom.lti.models import Deployment, Platform
from tests.factories import AssignmentFactory, ReadingFactory
from tests.lti_fixtures import assignment_link_for_test, course_link_for_test
from tests.lti_platform import LearningPlatform

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lms_course(live_server):
    """The LMS, registered and confirmed, and a reading linked from its course."""
    with LearningPlatform() as lms:
        lms.connect_tool(
            login_url=live_server.url + reverse("lti:login"),
            launch_url=live_server.url + reverse("lti:launch"),
            jwks_url="",
        )
        lms.row = Platform.objects.create(**lms.registration_fields, confirmed_at=timezone.now())
        Deployment.objects.create(platform=lms.row, deployment_id=lms.deployment_id)
        assignment = AssignmentFactory(reading=ReadingFactory(title="The Lottery"))
        assignment_link_for_test(course_link_for_test(lms, assignment.course), assignment)
        lms.assignment = assignment
        yield lms


def open_from_the_course(page, lms, live_server, lands_on: str = ""):
    """The student opens the LMS course page; the tool's frame ends at `lands_on` (by default
    the linked reading)."""
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(student, target_link_uri=live_server.url + "/")
    page.goto(lms.course_page_url(params))
    tool = page.frame(name="tool")
    tool.wait_for_url(re.compile(re.escape(lands_on or lms.assignment.get_absolute_url()) + "$"))
    return tool


def test_a_student_opens_a_reading_inside_the_lms(page, lms_course, live_server):
    tool = open_from_the_course(page, lms_course, live_server)

    assert tool.locator("h1").first.inner_text() == "The Lottery"
    page.console_watch.assert_clean()


def test_a_frame_whose_cookie_is_blocked_proves_itself_through_platform_storage(
    page, lms_course, live_server
):
    launches = []

    def without_cookies(route):
        # As a browser that blocks the tool's cookies in the LMS frame: the launch arrives
        # without the cookie the login set. (Chromium adds cookies after interception, so
        # the cookie goes from the jar rather than from the request's headers.)
        launches.append(route.request.url)
        page.context.clear_cookies(name=re.compile("^lti-state-"))
        route.continue_()

    page.route(
        re.compile(re.escape(live_server.url + reverse("lti:launch")) + "$"), without_cookies
    )
    verifications = []
    verify_url = live_server.url + reverse("lti:launch-verify")
    page.on("request", lambda request: request.url == verify_url and verifications.append(request))

    tool = open_from_the_course(page, lms_course, live_server, lands_on=verify_url)

    assert launches, "the launch went by without its cookie removed"
    assert len(verifications) == 1, "the binding did not come back from the platform's storage"
    # No cookie in the frame, so no sign-in there either: a tab of Colloquy's own.
    assert tool.locator("h1").first.inner_text() == "Colloquy works best in its own tab here"
    with page.context.expect_page() as opened:
        tool.get_by_role("link", name="Open Colloquy in a new tab").click()
    own_tab = opened.value
    own_tab.wait_for_url(re.compile(re.escape(lms_course.assignment.get_absolute_url()) + "$"))
    assert own_tab.locator("h1").first.inner_text() == "The Lottery"
    page.console_watch.assert_clean()
