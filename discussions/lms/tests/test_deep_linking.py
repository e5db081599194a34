"""Deep Linking over real HTTP both ways: the test LMS sends an instructor to Colloquy's picker,
the browser carries Colloquy's signed answer back, the LMS checks it against Colloquy's
published keys, and the link it made opens the new assignment."""

import pytest
from django.urls import reverse

from classroom.lti.models import AssignmentLink, Identity
from classroom.models import Assignment, Course
from discussions.participation.rubric import rubric_for
from tests.factories import CourseFactory, ReadingFactory, UserFactory
from tests.lti_fixtures import course_link_for_test, row_counts
from tests.lti_platform import Browser
from tests.lti_platform.server import DEEP_LINKING, LTI

pytestmark = pytest.mark.django_db(transaction=True)

DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
SETTINGS = DEEP_LINKING + "deep_linking_settings"


@pytest.fixture
def teacher(lms):
    """The LMS course's instructor, who already has a Colloquy account with a reading."""
    person = lms.add_member("t-1", "Ana Ruiz", "ana@school.example", "instructor")
    account = UserFactory(username="ruiz", display_name="Ana Ruiz")
    Identity.objects.create(issuer=lms.issuer, subject=person.sub, user=account)
    person.account = account
    person.reading = ReadingFactory(owner=account, title="The Lottery")
    return person


@pytest.fixture
def linked_course(lms):
    """A Colloquy course the LMS course is already linked to."""
    course = CourseFactory(title="English 11")
    course_link_for_test(lms, course)
    return course


def deep_linking_launch(lms, browser, login_url, target, person, **message):
    params = lms.queue_launch(
        person, target_link_uri=target, message_type=DEEP_LINKING_REQUEST, **message
    )
    return browser.launch(login_url, params)


def choose(browser, picker, **fields):
    """Submit the picker's form as the instructor filled it in."""
    form = browser.form_on(picker.text, "assignment-form", base_url=picker.url)
    # The form posts back to the page it is on.
    return browser.session.post(form.action or picker.url, data=form.fields | fields, timeout=10)


def answer_form(browser, answer_page):
    """The form on the answer page that carries the signed answer to the LMS."""
    return browser.form_on(answer_page.text, "lms-answer")


def directives(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_an_instructor_adds_a_reading_and_a_student_opens_it(
    lms, linked_course, teacher, browser, login_url, target
):
    picker = deep_linking_launch(lms, browser, login_url, target, teacher)
    assert picker.status_code == 200, picker.text[-2000:]
    assert "/lti/deep-linking/" in picker.url
    assert "Add a reading to English 11" in picker.text

    answer_page = choose(
        browser,
        picker,
        reading=str(teacher.reading.pk),
        instructions="Note one *turn* in the story.",
        anonymous="on",
    )

    assert answer_page.status_code == 200, answer_page.text[-2000:]
    assignment = Assignment.objects.get()
    assert (assignment.course, assignment.reading, assignment.anonymous) == (
        linked_course,
        teacher.reading,
        True,
    )
    # The page may post to the LMS and nowhere else but Colloquy, and stays framed by the LMS.
    policy = directives(answer_page)
    assert policy["form-action"] == ["'self'", lms.url]
    assert policy["frame-ancestors"] == [lms.url]
    form = answer_form(browser, answer_page)
    assert form.action == lms.endpoint("/deep_link_return")
    assert lms.received.deep_link_responses == []

    returned = browser.submit(form)  # what the page's script does as it loads

    assert returned.status_code == 200, returned.text
    (answer,) = lms.received.deep_link_responses
    assert answer[LTI + "deployment_id"] == lms.deployment_id
    assert answer[DEEP_LINKING + "data"] == "module-7"
    (item,) = answer[DEEP_LINKING + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == "The Lottery"
    assert item["url"] == target.rstrip("/") + reverse("lti:launch")
    assert item["custom"] == {"assignment": str(assignment.pk)}
    assert item["lineItem"]["scoreMaximum"] == float(rubric_for(assignment).points_possible)
    (lineitem,) = lms.lineitems.values()  # the LMS made the gradebook column it was given

    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    reading = Browser().launch(
        login_url,
        lms.queue_launch(
            student,
            target_link_uri=item["url"],
            resource_link_id="module-7-item-1",
            custom=item["custom"],
            lineitem_url=lineitem["id"],
        ),
    )

    assert reading.status_code == 200
    assert reading.url.endswith(assignment.get_absolute_url())
    link = AssignmentLink.objects.get()
    assert (link.resource_link_id, link.assignment, link.lineitem_url) == (
        "module-7-item-1",
        assignment,
        lineitem["id"],
    )


def test_an_lms_that_makes_no_gradebook_columns_gets_none(
    lms, linked_course, teacher, browser, login_url, target
):
    settings = lms.message_claims(teacher, message_type=DEEP_LINKING_REQUEST)[SETTINGS]
    picker = deep_linking_launch(
        lms,
        browser,
        login_url,
        target,
        teacher,
        claims={SETTINGS: settings | {"accept_lineitem": False}},
    )

    browser.submit(answer_form(browser, choose(browser, picker, reading=teacher.reading.pk)))

    (answer,) = lms.received.deep_link_responses
    (item,) = answer[DEEP_LINKING + "content_items"]
    assert item["custom"] == {"assignment": str(Assignment.objects.get().pk)}
    assert "lineItem" not in item
    assert lms.lineitems == {}


def test_a_mistake_in_the_picker_comes_back_with_what_was_typed(
    lms, linked_course, teacher, browser, login_url, target
):
    picker = deep_linking_launch(lms, browser, login_url, target, teacher)

    page = choose(
        browser,
        picker,
        reading=str(teacher.reading.pk),
        instructions="Find the sentence where the mood turns.",
        slow_mode_seconds="forever",
    )

    assert page.status_code == 422
    assert "Enter a whole number of seconds, such as 60, or 0 for off." in page.text
    assert "Find the sentence where the mood turns." in page.text
    assert not Assignment.objects.exists()
    assert lms.received.deep_link_responses == []


def test_a_learner_cannot_deep_link(lms, linked_course, browser, login_url, target):
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    before = row_counts()

    page = deep_linking_launch(lms, browser, login_url, target, student)

    assert page.status_code == 403
    assert "Only the course&#x27;s teachers can add Colloquy readings" in page.text
    assert row_counts() == before


def test_a_teaching_assistant_cannot_use_the_picker(lms, linked_course, browser, login_url, target):
    assistant = lms.add_member("ta-1", "Sam Lee", "sam@school.example", "ta")

    page = deep_linking_launch(lms, browser, login_url, target, assistant)

    assert "/lti/deep-linking/" in page.url
    assert page.status_code == 403
    assert "Only the course&#x27;s instructors can do that." in page.text
    assert not Assignment.objects.exists()


def test_another_browsers_launch_is_not_found(
    lms, linked_course, teacher, browser, login_url, target
):
    picker = deep_linking_launch(lms, browser, login_url, target, teacher)
    # The same instructor, signed in by a launch of their own in another browser; the form
    # token of the page it lands on (its log-out form) serves for the post.
    elsewhere = Browser()
    landing = elsewhere.launch(login_url, lms.queue_launch(teacher, target_link_uri=target))
    token = elsewhere.form_on(landing.text).fields["csrfmiddlewaretoken"]

    assert elsewhere.session.get(picker.url, timeout=10).status_code == 404
    answer = elsewhere.session.post(
        picker.url,
        data={"csrfmiddlewaretoken": token, "reading": teacher.reading.pk},
        headers={"Referer": picker.url},
        timeout=10,
    )
    assert answer.status_code == 404
    assert not Assignment.objects.exists()


def test_an_instructor_sets_up_the_course_then_picks_a_reading(
    lms, teacher, browser, login_url, target
):
    setup = deep_linking_launch(lms, browser, login_url, target, teacher)
    assert setup.status_code == 200
    assert "Set up Colloquy for English 11 — Period 3" in setup.text

    form = browser.form_on(setup.text, "course-setup", base_url=setup.url)
    picker = browser.session.post(form.action, data=form.fields | {"course": "new"}, timeout=10)

    course = Course.objects.get()
    assert course.title == "English 11 — Period 3"
    assert picker.status_code == 200, picker.text[-2000:]
    assert "/lti/deep-linking/" in picker.url
    assert "Add a reading to English 11 — Period 3" in picker.text

    browser.submit(answer_form(browser, choose(browser, picker, reading=teacher.reading.pk)))

    (answer,) = lms.received.deep_link_responses
    (item,) = answer[DEEP_LINKING + "content_items"]
    assert item["custom"] == {"assignment": str(Assignment.objects.get(course=course).pk)}
