"""Every LTI and LMS page a person sees, opened by the flow that leads to it, at laptop and
phone widths: a screenshot of each, nothing scrolling sideways, no control under 44 px."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from classroom.lti.models import CourseLink, Identity
from classroom.models import Role
from discussions.lms.grade_passback import grades_send
from tests.factories import (
    AssignmentFactory,
    CourseFactory,
    MembershipFactory,
    ReadingFactory,
    UserFactory,
    make_comment,
)
from tests.lti_fixtures import assignment_link_for_test, course_link_for_test
from tests.lti_platform import LearningPlatform

from .conftest import READING_TEXT
from .screens import SMALL_TARGETS, VIEWPORTS, assert_fits_width, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def look(page, name: str) -> None:
    """Screenshots at both widths; the page fits each, and its controls are big enough to tap
    on the phone."""
    for width_name, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        shoot(page, f"{name}-{width_name}")
        assert_fits_width(page, f"{name} at {width} px")
    small = page.evaluate(SMALL_TARGETS)
    assert not small, f"{name}: under 44x44 on a phone: {small}"


def launch_at_the_top(page, lms, person, live_server, **message) -> None:
    """Open Colloquy from the LMS in a tab of its own (the login by GET, as from a link)."""
    params = lms.queue_launch(person, target_link_uri=live_server.url + "/", **message)
    page.goto(live_server.url + reverse("lti:login") + "?" + urlencode(params))
    page.wait_for_url(re.compile("^" + re.escape(live_server.url) + "(?!/lti/login/)"))
    page.wait_for_load_state()


@pytest.fixture
def linked_course(lms):
    instructor = UserFactory(username="castillo", display_name="Ruth Castillo")
    Identity.objects.create(issuer=lms.issuer, subject="t-1", user=instructor)
    course = CourseFactory(title="Reading Closely", created_by=instructor)
    MembershipFactory(user=instructor, course=course, role=Role.INSTRUCTOR)
    reading = ReadingFactory(owner=instructor, title="On Reading Slowly", paragraphs=READING_TEXT)
    assignment = AssignmentFactory(course=course, reading=reading)
    course_link_for_test(lms, course)
    lms.teacher = lms.add_member("t-1", "Ruth Castillo", "ruth@school.example", "instructor")
    return assignment


def test_a_new_teachers_set_up_pages(page, lms, live_server):
    page.console_watch.allow("status of 422")  # the refused password, on purpose
    teacher = lms.add_member("t-9", "Ana Ruiz", "ana@school.example", "instructor")
    launch_at_the_top(page, lms, teacher, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up Colloquy for English 11 — Period 3"
    )
    look(page, "lti-course-setup")

    page.locator("#account-connect").get_by_label("Username").fill("nobody")
    page.locator("#account-connect").get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Connect my account").click()
    expect(page.locator("#account-connect .errorlist")).to_be_visible()
    look(page, "lti-account-connect-refused")

    page.get_by_role("button", name="Link this course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the reading for this link")
    look(page, "lti-assignment-choice-no-readings")
    page.console_watch.assert_clean()


def test_a_teacher_chooses_the_reading_for_a_link(page, lms, linked_course, live_server):
    launch_at_the_top(page, lms, lms.teacher, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the reading for this link")
    look(page, "lti-assignment-choice")
    page.console_watch.assert_clean()


def test_a_student_is_refused_or_sent_back(page, lms, linked_course, live_server):
    page.console_watch.allow("status of 403")  # both pages refuse, on purpose
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    launch_at_the_top(page, lms, student, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This link is not connected to a reading yet"
    )
    look(page, "lti-not-connected")

    CourseLink.objects.all().delete()
    launch_at_the_top(page, lms, student, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Colloquy could not open from your course"
    )
    look(page, "lti-refused")
    page.console_watch.assert_clean()


def test_a_launch_whose_cookie_went_asks_for_a_new_tab(page, lms, linked_course, live_server):
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    page.console_watch.allow("status of 403")  # the page refuses the launch, on purpose

    def without_cookies(route):
        page.context.clear_cookies(name=re.compile("^lti-state-"))
        route.continue_()

    page.route(
        re.compile(re.escape(live_server.url + reverse("lti:launch")) + "$"), without_cookies
    )
    launch_at_the_top(page, lms, student, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Colloquy needs its own tab")
    look(page, "lti-new-tab")
    page.console_watch.assert_clean()


def test_dynamic_registration_pages(page, live_server):
    page.console_watch.allow("status of 400")  # the refusal page, on purpose
    register = live_server.url + reverse("lti:register")
    with LearningPlatform() as lms:
        page.goto(lms.registration_start_url(register))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Register Colloquy with")
        look(page, "lti-register")
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Registered")
        look(page, "lti-registered")
    page.goto(register)
    expect(page.get_by_role("heading", level=1)).to_have_text("Colloquy could not be registered")
    look(page, "lti-registration-refused")
    page.console_watch.assert_clean()


def test_deep_linking_pages(page_without_javascript, lms, linked_course, live_server):
    """Without JavaScript, so the answer page stays to be seen; its button sends it."""
    page = page_without_javascript
    params = lms.queue_launch(
        lms.teacher,
        target_link_uri=live_server.url + "/",
        message_type="LtiDeepLinkingRequest",
    )
    page.goto(live_server.url + reverse("lti:login") + "?" + urlencode(params))
    page.get_by_role("button", name="Continue").click()  # the LMS's form, sent by hand
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a reading to Reading Closely")
    page.get_by_label("Slow mode (seconds)").fill("5000")
    page.get_by_role("button", name="Add to the LMS").last.click()
    expect(page.get_by_text("Slow mode is between 0 (off) and 3600 seconds.")).to_be_visible()
    look(page, "lms-deep-linking-picker")

    page.get_by_label("Slow mode (seconds)").fill("0")
    page.get_by_role("button", name="Add to the LMS").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adding it to your LMS…")
    look(page, "lms-deep-linking-answer")
    page.get_by_role("button", name="Return to the LMS").click()
    expect(page.get_by_text("Content added to the module.")).to_be_visible()
    assert len(lms.received.deep_link_responses) == 1


def test_the_lms_gradebook_page(page, lms, linked_course, live_server, log_in):
    assignment = linked_course
    assignment_link_for_test(CourseLink.objects.get(), assignment)
    for sub, name in [("s-1", "Ben Okafor"), ("s-2", "Maria Fernanda Oyelaran-Whitcombe")]:
        student = UserFactory(display_name=name)
        MembershipFactory(user=student, course=assignment.course, role=Role.STUDENT)
        Identity.objects.create(issuer=lms.issuer, subject=sub, user=student)
        lms.add_member(sub, name, f"{sub}@school.example")
        make_comment(author=student, assignment=assignment, body=" ".join(["thought"] * 30))
    lms.score_outage = [503]  # the first student's score waits for a second try
    grades_send(assignment=assignment, requested_by=assignment.course.created_by)

    log_in(page, assignment.course.created_by)
    page.goto(live_server.url + reverse("lms:grades", args=[assignment.course.slug, assignment.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("LMS gradebook")
    look(page, "lms-grades")
    page.console_watch.assert_clean()
