"""A teacher's grading, as clicked: the course page's Gradebook, a score set by hand with a
reason, a student made a teaching assistant who stays graded, and the roster that says so
first, at laptop and phone widths."""

import pytest

from tests.browser.conftest import add_named_students
from tests.browser.screens import VIEWPORTS, assert_fits_width, shoot
from tests.factories import AssignmentFactory, make_comment

pytestmark = pytest.mark.browser

NAMES = ["Amara Okafor", "Chidinma Nwachukwu-Abernathy", "Dev Patel", "Léa Fontaine"]
THOUGHT = (
    "The essay says a shared margin is no longer private, but I think the third paragraph "
    "shows it becomes a different kind of private: you write for the people you trust in the "
    "class, and you notice who answers."
)


@pytest.fixture
def graded_seminar(seminar):
    """The seminar with four more students, three assignments and posts worth scoring."""
    students = add_named_students(seminar.course, NAMES)
    for title in ("Week 2: The Shared Margin", "Week 3: Reading Aloud, Reading Alone"):
        AssignmentFactory(course=seminar.course, reading__title=title)
    for index, student in enumerate(students[:-1]):
        make_comment(
            author=student,
            assignment=seminar.assignment,
            paragraph=seminar.paragraphs[index],
            body=THOUGHT,
        )
    make_comment(
        author=students[0],
        assignment=seminar.assignment,
        parent=seminar.classmate_comment,
        body=THOUGHT,
    )
    seminar.students = students
    return seminar


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_teacher_grades_from_the_course_page(page, live_server, graded_seminar, log_in, size):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    seminar = graded_seminar
    log_in(page, seminar.instructor)
    page.goto(live_server.url + seminar.course.get_absolute_url())

    # The roster says what making a student a teaching assistant does, before it is done.
    page.get_by_role("link", name="Roster & join code").click()
    role = page.get_by_label("Role of Amara Okafor")
    role.select_option(label="Teaching assistant, still graded")
    assert_fits_width(page, f"the roster at {width}px")
    shoot(page, f"roster-roles-{size}")
    page.get_by_role("row", name="Amara Okafor").get_by_role("button", name="Change").click()
    page.get_by_text("Updated Amara Okafor.").wait_for()
    page.get_by_label("Student ID of Amara Okafor").fill("S-2041")
    page.get_by_role("row", name="Amara Okafor").get_by_role("button", name="Save").click()
    page.get_by_text("Updated Amara Okafor.").wait_for()

    page.goto(live_server.url + seminar.course.get_absolute_url())
    page.get_by_role("link", name="Gradebook").click()
    page.get_by_role("heading", name="Gradebook").wait_for()
    table = page.get_by_role("region", name="Participation scores in Reading Closely")
    assert table.locator("tbody tr").count() == 1 + len(NAMES)
    amara = table.get_by_role("row", name="Amara Okafor")
    assert "Teaching assistant, graded as a student" in amara.inner_text()
    assert_fits_width(page, f"the gradebook at {width}px")
    shoot(page, f"gradebook-{size}")

    amara.get_by_role("link", name="Score of Amara Okafor in On Reading Slowly").click()
    page.get_by_role("heading", name="Participation of Amara Okafor").wait_for()
    page.get_by_text("Set this score by hand").click()
    page.get_by_label("Score", exact=True).fill("9.5")
    page.console_watch.allow("status of 422")  # the missing reason, on purpose
    page.get_by_role("button", name="Save score").click()
    # No reason: refused, with the typed score kept and the message beside the field.
    page.get_by_text("Say why: the student sees the reason beside their score.").wait_for()
    assert page.get_by_label("Score", exact=True).input_value() == "9.5"
    page.get_by_label("Reason").fill("Led the class discussion of paragraph 3.")
    page.get_by_role("button", name="Save score").click()
    page.get_by_text("Set by hand by staff.").wait_for()
    assert page.locator("[data-score]").inner_text() == "9.5"
    assert_fits_width(page, f"a score set by hand at {width}px")
    shoot(page, f"participation-override-{size}")

    page.get_by_role("link", name="Reading Closely").first.click()
    page.get_by_role("link", name="Gradebook").click()
    assert "set by hand" in page.get_by_role("row", name="Amara Okafor").inner_text()
    page.console_watch.assert_clean()
