"""A student searches the course from its page, sees the words marked in each result, and
follows a comment to its place on the reading; at laptop and phone widths, in light and dark,
nothing sideways and no axe-core violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .screens import SMALL_TARGETS, VIEWPORTS, assert_fits_width, shoot
from .test_accessibility import OUTLINE_RULES, RULE_TAGS

pytestmark = pytest.mark.browser

THEMES = ["light", "dark"]


def violations(page) -> list[str]:
    """axe-core's WCAG and page-outline findings on the page as it is, one line each."""
    axe = Axe()
    found = []
    for options in (
        {"runOnly": {"type": "tag", "values": RULE_TAGS}, "resultTypes": ["violations"]},
        {"runOnly": {"type": "rule", "values": OUTLINE_RULES}, "resultTypes": ["violations"]},
    ):
        for violation in axe.run(page, options=options).response["violations"]:
            targets = [node["target"] for node in violation["nodes"][:4]]
            found.append(f"{violation['id']}: {violation['help']} {targets}")
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_from_the_course_page_to_the_comment(page, live_server, seminar, log_in, viewport):
    comment = seminar.classmate_comment
    log_in(page, seminar.classmate)
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + seminar.course.get_absolute_url())
    assert_fits_width(page, f"course page with its search box ({viewport})")
    shoot(page, f"search-box-course-{viewport}")
    page.get_by_label("Search this course").fill("margin")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Search this course")
    results = page.locator(".search-result")
    # The classmate's comment and the paragraphs of the reading that say "margin".
    expect(results.first).to_be_visible()
    expect(page.locator(".search-comment")).to_have_count(1)
    assert page.locator(".search-text").count() >= 2
    result = page.locator(".search-comment")
    expect(result.locator(".search-author")).to_have_text(seminar.classmate.public_name)
    expect(result.locator("mark")).to_have_text("margin")
    for marked in page.locator(".search-snippet mark").all():
        assert marked.inner_text().casefold().startswith("margin")
    assert_fits_width(page, f"search results ({viewport})")
    for theme in THEMES:
        page.emulate_media(color_scheme=theme)
        shoot(page, f"search-results-{theme}-{viewport}")
        assert not violations(page), f"search results, {theme} {viewport}: {violations(page)}"
        assert not page.evaluate(SMALL_TARGETS), f"under 44x44 ({viewport})"
    page.emulate_media(color_scheme="light")

    result.get_by_role("link").click()
    page.wait_for_url(f"**#{comment.anchor}")
    in_place = page.locator(f"#{comment.anchor}")
    expect(in_place).to_contain_text("Is a shared margin really less private?")
    expect(in_place).to_be_in_viewport()
    assert_fits_width(page, f"a search result in place ({viewport})")
    shoot(page, f"search-result-in-place-{viewport}")
    page.console_watch.assert_clean()
