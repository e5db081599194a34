"""The participation table at laptop and phone widths: it scrolls sideways inside its frame,
the student column stays put, and the page itself never spills past the screen."""

import pytest

from discussions.reading.services import comment_endorse_toggle, reaction_toggle
from tests.browser.conftest import add_named_students
from tests.browser.screens import SCREENSHOTS, VIEWPORTS, assert_fits_width, shoot
from tests.factories import make_comment

pytestmark = pytest.mark.browser

NAMES = ["Amara Okafor", "Chidinma Nwachukwu-Abernathy", "Dev Patel", "Léa Fontaine", "Yusuf Ali"]


@pytest.fixture
def busy_seminar(seminar):
    """The seminar made anonymous, with five more students: some talkative, one silent."""
    assignment = seminar.assignment
    assignment.anonymous = True
    assignment.save(update_fields=["anonymous"])
    students = add_named_students(seminar.course, NAMES)
    for index, student in enumerate(students[:-1]):
        for number in range(index + 1):
            comment = make_comment(
                author=student,
                assignment=assignment,
                paragraph=seminar.paragraphs[number],
                body=f"A thought about paragraph {number + 1}, with a few more words in it.",
            )
        reaction_toggle(comment=comment, user=seminar.classmate)
    make_comment(
        author=students[0],
        assignment=assignment,
        parent=seminar.classmate_comment,
        body="I think people would write more carefully, not less honestly.",
    )
    comment_endorse_toggle(comment=seminar.classmate_comment, moderator=seminar.instructor)
    return seminar


def participation_url(live_server, seminar) -> str:
    return f"{live_server.url}/c/{seminar.course.slug}/a/{seminar.assignment.pk}/participation/"


@pytest.mark.parametrize("size", VIEWPORTS)
def test_participation_table_reads_at_every_width(page, live_server, busy_seminar, log_in, size):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, busy_seminar.instructor)
    page.goto(participation_url(live_server, busy_seminar))

    table = page.get_by_role("region", name="Participation of each student")
    rows = table.locator("tbody tr")
    assert rows.count() == 1 + len(NAMES)
    assert_fits_width(page, f"the participation page at {width}px")
    shoot(page, f"participation-{size}")

    frame = table.bounding_box()
    scrolls = table.evaluate("(element) => element.scrollWidth - element.clientWidth")
    if size == "desktop":
        assert scrolls <= 0, f"the table needs sideways scrolling on a laptop ({scrolls}px)"
    else:
        assert scrolls > 0, "on a phone the table should scroll inside its frame"
        table.evaluate("(element) => { element.scrollLeft = element.scrollWidth; }")
        name = page.locator("tbody th.student-column").first
        box = name.bounding_box()
        assert abs(box["x"] - frame["x"]) <= 2, "the student column scrolled away"
        score = page.locator("tbody td.score").first.bounding_box()
        assert score["x"] + score["width"] <= width, "the score column cannot be reached"
        table.screenshot(path=SCREENSHOTS / f"participation-{size}-scrolled.png")

    page.get_by_role("link", name="Score of Amara Okafor").click()
    page.get_by_role("heading", name="Participation of Amara Okafor").wait_for()
    assert_fits_width(page, f"a student's explanation at {width}px")
    shoot(page, f"participation-explanation-{size}")
    explanation = page.get_by_role("region", name="How the score was reached")
    explanation.screenshot(path=SCREENSHOTS / f"participation-explanation-{size}-table.png")
    scrolls = explanation.evaluate("(element) => element.scrollWidth - element.clientWidth")
    assert scrolls <= 0, f"the explanation needs sideways scrolling at {width}px ({scrolls}px)"

    for name, link in (("rubric", "Edit rubric"), ("activity", "Where the talk is")):
        page.goto(participation_url(live_server, busy_seminar))
        page.get_by_role("link", name=link).click()
        page.wait_for_load_state()
        assert_fits_width(page, f"the {name} page at {width}px")
        for frame in page.locator(".table-wrap").all():
            scrolls = frame.evaluate("(element) => element.scrollWidth - element.clientWidth")
            assert scrolls <= 0, f"the {name} page's table scrolls sideways at {width}px"
        shoot(page, f"participation-{name}-{size}")
    page.console_watch.assert_clean()
