"""A paragraph with more threads than a page holds: Show more adds the next ones in place with
htmx, focus on the first of them, and opens them as a page of their own with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from discussions.reading.threads import THREADS_PER_PAGE
from tests.factories import add_threads

from .screens import SCREENSHOTS, VIEWPORTS, assert_fits_width

pytestmark = pytest.mark.browser

THREADS = THREADS_PER_PAGE + 5


@pytest.fixture
def long_discussion(seminar):
    """Paragraph 2 of the seminar's reading carries 25 threads of two comments."""
    paragraph = seminar.paragraphs[1]
    starts = add_threads(
        seminar.assignment, paragraph, [seminar.classmate, seminar.instructor], THREADS
    )
    return paragraph, starts


def shoot_window(page, name: str) -> None:
    """The window as it stands (the page is too long to look at whole)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def thread_starts(page, paragraph):
    return page.locator(f"#threads-{paragraph.pk} > li.depth-0")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_show_more_adds_the_next_threads_in_place(
    page, live_server, seminar, long_discussion, log_in, viewport
):
    paragraph, starts = long_discussion
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 2").click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 2")
    expect(thread_starts(page, paragraph)).to_have_count(THREADS_PER_PAGE)
    reading_url = page.url
    more = discussion.get_by_role("link", name="Show more threads on paragraph 2")
    more.scroll_into_view_if_needed()
    shoot_window(page, f"long-discussion-{viewport}-first-page")
    more.focus()
    page.keyboard.press("Enter")
    expect(thread_starts(page, paragraph)).to_have_count(THREADS)
    # Focus moves to the first thread added; the page stays where it was, the control goes.
    first_added = starts[THREADS_PER_PAGE]
    expect(page.locator(f"#c-{first_added.pk}-body")).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("More threads shown.")
    assert page.url == reading_url
    expect(discussion.get_by_role("link", name=re.compile("Show more threads"))).to_have_count(0)
    ids = thread_starts(page, paragraph).evaluate_all("items => items.map(item => item.id)")
    assert ids == [f"c-{start.pk}" for start in starts]
    assert_fits_width(page, f"long discussion at {viewport}")
    shoot_window(page, f"long-discussion-{viewport}-more-shown")
    page.console_watch.assert_clean()


def test_show_more_without_javascript_opens_the_next_page(
    page_without_javascript, live_server, seminar, long_discussion, log_in
):
    page = page_without_javascript
    paragraph, starts = long_discussion
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 2").click()
    expect(thread_starts(page, paragraph)).to_have_count(THREADS_PER_PAGE)
    page.get_by_role("link", name="Show more threads on paragraph 2").click()
    page.wait_for_url(re.compile(rf"\?open={paragraph.pk}&page=2#threads-{paragraph.pk}$"))
    expect(thread_starts(page, paragraph)).to_have_count(THREADS - THREADS_PER_PAGE)
    expect(page.locator(f"#c-{starts[-1].pk}")).to_be_visible()
    page.get_by_role("link", name="Show earlier threads").click()
    page.wait_for_url(re.compile(r"page=1#threads-"))
    expect(thread_starts(page, paragraph)).to_have_count(THREADS_PER_PAGE)
    expect(page.locator(f"#c-{starts[0].pk}")).to_be_visible()
