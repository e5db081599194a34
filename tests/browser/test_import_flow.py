"""A teacher imports the seed reading, fixes it in the preview, saves, assigns and opens it:
once with htmx swapping the preview in place, once with JavaScript off; and adds one from a
course, straight through to that course's assignment form."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Reading, ReadingDraft
from articles.tests import DOUBTFUL_PAGE, SEED_READING
from classroom.models import Role
from tests.factories import CourseFactory, MembershipFactory, UserFactory

from .screens import SCREENSHOTS, SMALL_TARGETS, VIEWPORTS, shoot
from .test_accessibility import OUTLINE_RULES, RULE_TAGS

pytestmark = pytest.mark.browser

TITLE = "The US Is Occupying Iraq For A Second Time"
BYLINE = "Robert Inlakesh"
COURSE = "Politics of the Middle East"
# Paragraph numbers as the preview shows them before any change.
EXCLUDED_NUMBER = 4
MERGED_NUMBER = 1  # merged with paragraph 2


def seed_blocks() -> list[str]:
    return [
        block.strip() for block in SEED_READING.read_text("utf-8").split("\n\n") if block.strip()
    ]


def seed_author_note() -> str:
    return next(block for block in seed_blocks() if block.startswith(f"{BYLINE} is a journalist"))


def seed_paragraphs() -> list[str]:
    """The 12 body paragraphs: everything after the author note."""
    blocks = seed_blocks()
    return blocks[blocks.index(seed_author_note()) + 1 :]


def expected_after_changes() -> list[str]:
    """Paragraph 4 left out and paragraphs 1 and 2 joined with a space: 10 paragraphs."""
    body = seed_paragraphs()
    merged = f"{body[0]} {body[1]}"
    return [merged, body[2], *body[EXCLUDED_NUMBER:]]


@pytest.fixture
def teacher(transactional_db):
    teacher = UserFactory(username="rivera", display_name="Marisol Rivera")
    course = CourseFactory(title=COURSE, slug="politics-me", created_by=teacher)
    MembershipFactory(user=teacher, course=course, role=Role.INSTRUCTOR)
    return teacher


def expect_values(fields, values: list[str]) -> None:
    expect(fields).to_have_count(len(values))
    for index, value in enumerate(values):
        expect(fields.nth(index)).to_have_value(value)


def numbered_block(page, number: int):
    number_label = page.locator(".block-number", has_text=re.compile(rf"^¶ {number}$"))
    return page.locator(".draft-block").filter(has=number_label)


def open_preview(page, live_server) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Readings").click()
    page.get_by_role("link", name="Add a reading").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a reading")
    page.get_by_label("Or paste the text").fill(SEED_READING.read_text("utf-8"))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/readings/drafts/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")


def assert_preview_shows_the_seed(page) -> None:
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("Byline", exact=True)).to_have_value(BYLINE)
    expect(page.get_by_label("About the author")).to_have_value(seed_author_note())

    included = page.locator(".draft-block:not(.excluded)")
    expect(included).to_have_count(12)
    expect(included.locator(".block-number")).to_have_text([f"¶ {n}" for n in range(1, 13)])
    expect_values(included.locator("textarea"), seed_paragraphs())
    for clutter in ("Most Popular", "Most Viewed"):
        text = page.locator(f'textarea:text-is("{clutter}")')
        block = page.locator(".draft-block").filter(has=text)
        expect(block).to_have_class(re.compile(r"\bexcluded\b"))
        expect(block.locator(".block-number")).to_contain_text("Left out")
        expect(block.get_by_label("Include")).not_to_be_checked()
    # Greyed out: a left-out block's text is drawn in the muted colour, not the text colour.
    colour = "el => getComputedStyle(el).color"
    left_out = page.locator(".draft-block.excluded textarea").first.evaluate(colour)
    kept = included.locator("textarea").first.evaluate(colour)
    assert left_out != kept


def assert_fits_width(page, what: str) -> None:
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll("main *")].filter((element) => {
            const box = element.getBoundingClientRect();
            if (box.width === 0 || element.closest(".visually-hidden")) return false;
            return box.right > width + 1 || box.left < -1;
          }).slice(0, 5).map((element) => element.tagName + "." + element.className);
        }"""
    )
    assert not overflow, f"{what} has elements past the edge: {overflow}"
    scroll = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert scroll <= 0, f"{what} scrolls sideways by {scroll}px"


def screenshot_preview(page, suffix: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_fits_width(page, f"the import preview at {width}px")
        # Hiding the caret leaves empty style="" attributes on every field; htmx's settle step
        # would copy them onto the swapped-in form and trip the style-src CSP.
        path = SCREENSHOTS / f"import-preview-{size}{suffix}.png"
        page.screenshot(path=path, full_page=True, caret="initial")
    page.set_viewport_size({"width": 1366, "height": 768})


def exclude_and_merge(page) -> tuple[str, str]:
    """Untick paragraph 4, then merge paragraph 1 with 2 (the form carries the untick along).
    Returns the ids of the merged block and of the button pressed."""
    numbered_block(page, EXCLUDED_NUMBER).get_by_label("Include").uncheck()
    block = numbered_block(page, MERGED_NUMBER)
    button = block.get_by_role("button", name="Merge with next")
    block_id, button_id = block.get_attribute("id"), button.get_attribute("id")
    button.click()
    return block_id, button_id


def assert_preview_after_changes(page) -> None:
    expected = expected_after_changes()
    included = page.locator(".draft-block:not(.excluded)")
    expect(included).to_have_count(10)
    expect(included.locator(".block-number")).to_have_text([f"¶ {n}" for n in range(1, 11)])
    expect_values(included.locator("textarea"), expected)
    left_out = seed_paragraphs()[EXCLUDED_NUMBER - 1]
    excluded = page.locator(".draft-block.excluded textarea")
    expect(excluded.last).to_have_value(left_out)


def save_assign_and_open(page, live_server) -> None:
    page.get_by_role("button", name="Save reading").click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/readings/\d+/$"))
    expect(page.get_by_text(f"Saved “{TITLE}”.")).to_be_visible()
    # The courses to assign it to come first, above the reading's text.
    assign_to = page.get_by_role("navigation", name="Assign it to…")
    assert assign_to.bounding_box()["y"] < page.locator("article.reading").bounding_box()["y"]
    shoot_at_both_widths(page, "reading-saved")
    assign_to.get_by_role("link", name=COURSE).click()
    expect(page.get_by_label("Reading", exact=True)).to_have_value(str(Reading.objects.get().pk))
    page.get_by_label("Instructions").fill("Read it and question **one claim**.")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned. Students see it on the course page now.")).to_be_visible()


def assert_reading_page(page) -> None:
    reading = page.locator("article.reading")
    header = reading.locator(".reading-header")
    expect(header.get_by_role("heading", level=1)).to_have_text(TITLE)
    # Byline and author note sit under the title, outside the numbered paragraphs.
    expect(header.locator(".byline")).to_have_text(BYLINE)
    expect(header.locator(".author-note")).to_have_text(seed_author_note())
    expect(reading.locator(".paragraph-text")).to_have_text(expected_after_changes())
    expect(reading.locator(".paragraph")).to_have_count(10)
    for clutter in ("Most Popular", "Most Viewed", "By Robert Inlakesh"):
        expect(reading.get_by_text(clutter, exact=True)).to_have_count(0)
    saved = Reading.objects.get()
    assert [p.text for p in saved.current_paragraphs()] == expected_after_changes()
    assert not ReadingDraft.objects.exists()


def test_import_preview_swaps_in_place_with_htmx(page, live_server, teacher, log_in):
    log_in(page, teacher)
    open_preview(page, live_server)
    assert_preview_shows_the_seed(page)
    screenshot_preview(page, "")

    page.evaluate("window.__colloquyMarker = 'still here'")
    preview_url = page.url
    merged = numbered_block(page, MERGED_NUMBER)
    merged.get_by_role("button", name="Merge with next").scroll_into_view_if_needed()
    top_before = merged.bounding_box()["y"]
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        block_id, button_id = exclude_and_merge(page)
    assert answer.value.request.headers.get("hx-request") == "true"
    assert_preview_after_changes(page)
    assert page.evaluate("window.__colloquyMarker") == "still here", "the preview reloaded"
    assert page.url == preview_url
    # The teacher keeps her place: the swapped-in form leaves the block where it was and
    # focus on the button she pressed.
    expect(page.locator(f"#{button_id}")).to_be_focused()
    top_after = page.locator(f"#{block_id}").bounding_box()["y"]
    assert abs(top_after - top_before) < 2, f"the merged block jumped by {top_after - top_before}px"
    screenshot_preview(page, "-changed")

    save_assign_and_open(page, live_server)
    assert_reading_page(page)
    assert page.evaluate("window.__colloquyMarker") is None  # saving does leave the preview
    page.console_watch.assert_clean()


def test_import_preview_works_with_plain_form_posts(
    page_without_javascript, live_server, teacher, log_in
):
    page = page_without_javascript
    log_in(page, teacher)
    open_preview(page, live_server)
    assert_preview_shows_the_seed(page)
    preview_url = page.url

    block_id, _ = exclude_and_merge(page)
    page.wait_for_url(f"{preview_url}#{block_id}")  # back to the merged block, page reloaded
    assert_preview_after_changes(page)

    save_assign_and_open(page, live_server)
    assert_reading_page(page)
    page.console_watch.assert_clean()


def shoot_at_both_widths(page, name: str) -> None:
    for size, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_fits_width(page, f"{name} at {width}px")
        shoot(page, f"{name}-{size}")
    page.set_viewport_size({"width": 1366, "height": 768})


def add_from_the_course(page, live_server) -> None:
    page.get_by_role("link", name=COURSE).click()
    shoot_at_both_widths(page, "course-page-for-its-teacher")
    page.get_by_role("link", name="Add a reading").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a reading")
    expect(page.get_by_text("you go straight on to assign it")).to_be_visible()


def assert_on_the_assignment_form_with_the_reading(page, live_server) -> None:
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/c/politics-me/assignments/new/"))
    expect(page.get_by_label("Reading", exact=True)).to_have_value(str(Reading.objects.get().pk))


def test_a_file_added_from_a_course_ends_on_its_assignment_form(page, live_server, teacher, log_in):
    log_in(page, teacher)
    add_from_the_course(page, live_server)
    shoot_at_both_widths(page, "add-a-reading")
    # Choosing the file opens its preview: no Preview button to find.
    page.get_by_label("Or upload a file").set_input_files(str(SEED_READING))
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/readings/drafts/\d+/$"))
    expect(page.get_by_role("button", name="Save reading and assign it")).to_be_visible()

    # Split paragraph 3 where the cursor stands: no blank line typed.
    third = numbered_block(page, 3).locator("textarea")
    body = seed_paragraphs()[2]
    cut = body.index(". ") + 2
    third.click()
    third.evaluate("(box, at) => box.setSelectionRange(at, at)", cut)
    numbered_block(page, 3).get_by_role("button", name="Split").click()
    expect(numbered_block(page, 4).locator("textarea")).to_have_value(body[cut:])
    expect(numbered_block(page, 3).locator("textarea")).to_have_value(body[:cut].strip())

    # A sentence that is no longer there: the error sits at the block and heads the form.
    page.console_watch.allow("status of 422")  # the stale sentence, on purpose
    fifth = numbered_block(page, 5)
    fifth.get_by_label("Split before").select_option(index=1)
    fifth.locator("textarea").fill("Only one sentence now")
    fifth.get_by_role("button", name="Split").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text(
        ["That sentence is no longer in this block."]
    )
    block = page.locator(".draft-block.field-error")
    expect(block.locator(".errorlist")).to_have_text("That sentence is no longer in this block.")
    expect(block.locator("textarea")).to_have_attribute("aria-invalid", "true")
    shoot_at_both_widths(page, "import-preview-error")

    # Leaving with an edit not yet saved asks first; staying keeps the edit.
    fifth = page.locator(".draft-block.field-error textarea")
    fifth.press("Control+End")
    fifth.press_sequentially(" And another.")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Readings").click()
    assert dialogs == ["beforeunload"]
    expect(fifth).to_have_value(re.compile(r"^Only one sentence now\s+And another\.$"))

    # Saving is not leaving: no question, and the course's assignment form has the reading.
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected {dialog.type} dialog"))
    page.get_by_role("button", name="Save reading and assign it").click()
    assert_on_the_assignment_form_with_the_reading(page, live_server)
    expect(page.get_by_text(f"Saved “{TITLE}”.")).to_be_visible()
    paragraphs = [p.text for p in Reading.objects.get().current_paragraphs()]
    assert paragraphs[2:4] == [body[:cut].strip(), body[cut:]]
    assert "Only one sentence now And another." in paragraphs
    shoot_at_both_widths(page, "assign-after-adding")
    page.console_watch.assert_clean()


def test_without_javascript_a_block_splits_before_a_chosen_sentence(
    page_without_javascript, live_server, teacher, log_in
):
    page = page_without_javascript
    log_in(page, teacher)
    add_from_the_course(page, live_server)
    page.get_by_label("Or paste the text").fill(SEED_READING.read_text("utf-8"))
    page.get_by_role("button", name="Preview").click()
    body = seed_paragraphs()[0]
    second = body.index(". ") + 2
    numbered_block(page, 1).get_by_label("Split before").select_option(index=1)
    numbered_block(page, 1).get_by_role("button", name="Split").click()
    expect(numbered_block(page, 1).locator("textarea")).to_have_value(body[:second].strip())
    expect(numbered_block(page, 2).locator("textarea")).to_have_value(body[second:])

    # Not finished: the draft waits under My readings, to resume.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Readings").click()
    drafts = page.get_by_role("region", name="Not finished yet")
    shoot_at_both_widths(page, "my-readings-with-a-draft")
    drafts.get_by_role("link", name=f"Discard “{TITLE}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discard the draft?")
    shoot_at_both_widths(page, "discard-draft")
    page.go_back()
    drafts.get_by_role("link", name=f"Resume checking “{TITLE}”").click()
    page.get_by_role("button", name="Save reading and assign it").click()
    assert_on_the_assignment_form_with_the_reading(page, live_server)
    page.console_watch.assert_clean()


def open_doubtful_preview(page, live_server) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Readings").click()
    page.get_by_role("link", name="Add a reading").click()
    page.get_by_label("Or paste the text").fill(DOUBTFUL_PAGE.read_text("utf-8"))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/readings/drafts/\d+/$"))


def block_holding(page, opening: str):
    return page.locator(".draft-block").filter(
        has=page.locator("textarea", has_text=re.compile("^" + re.escape(opening)))
    )


def axe_the_preview(page, name: str) -> None:
    """axe and the tap-size and width checks on the preview in both themes at both widths."""
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": RULE_TAGS}, "resultTypes": ["violations"]}
    outline = {"runOnly": {"type": "rule", "values": OUTLINE_RULES}, "resultTypes": ["violations"]}
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        for size, (width, height) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            violations = axe.run(page, options=options).response["violations"]
            violations += axe.run(page, options=outline).response["violations"]
            assert not violations, f"{name}, {theme}, {width}px: {violations}"
            assert not page.evaluate(SMALL_TARGETS), f"{name}, {theme}, {width}px"
            assert_fits_width(page, f"{name}, {theme}, {width}px")
            shoot(page, f"{name}-{size}-{theme}")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_the_preview_says_where_to_look_first_and_splits_at_a_line_break(
    page, live_server, teacher, log_in
):
    log_in(page, teacher)
    open_doubtful_preview(page, live_server)
    summary = page.get_by_role("region", name="Check these 4 places first")
    expect(summary.get_by_role("link")).to_have_count(4)
    axe_the_preview(page, "import-preview-doubts")

    # Each place in the list leads to its box, which says why in words.
    summary.get_by_role("link", name=re.compile("It has line breaks")).click()
    text = block_holding(page, "The thaw comes earlier now.").locator("textarea")
    expect(text).to_be_focused()
    expect(text).to_have_accessible_description(
        "Check: It has line breaks: it may be several paragraphs run together."
    )

    # Choices made elsewhere are kept through the split.
    page.get_by_label("Title", exact=True).fill("Rivers of the far North")
    block_holding(page, "This story first ran").get_by_label("Include").uncheck()
    broken = block_holding(page, "The thaw comes earlier now.")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        broken.get_by_role("button", name=re.compile("^Split here, before “Those records")).click()
    assert answer.value.request.headers.get("hx-request") == "true"
    first = block_holding(page, "The thaw comes earlier now.").locator("textarea")
    second = block_holding(page, "Those records show it").locator("textarea")
    expect(first).to_have_value("The thaw comes earlier now.")
    expect(second).to_be_focused()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Rivers of the far North")
    expect(block_holding(page, "This story first ran").get_by_label("Include")).not_to_be_checked()
    # The line break and the unticked block are settled; two places are left to check.
    expect(page.get_by_role("region", name="Check these 2 places first")).to_be_visible()
    axe_the_preview(page, "import-preview-doubts-split")
    page.console_watch.assert_clean()


def test_without_javascript_split_here_is_a_plain_post(
    page_without_javascript, live_server, teacher, log_in
):
    page = page_without_javascript
    log_in(page, teacher)
    open_doubtful_preview(page, live_server)
    preview_url = page.url
    glued = block_holding(page, "The harbour masters were careful people.They")
    block_id = glued.get_attribute("id")
    glued.get_by_role("button", name=re.compile("^Split here, before “They wrote")).click()
    page.wait_for_url(f"{preview_url}#{block_id}")
    expect(block_holding(page, "The harbour masters").locator("textarea")).to_have_value(
        "The harbour masters were careful people."
    )
    expect(block_holding(page, "They wrote down the weather")).to_have_count(1)
    expect(page.get_by_role("region", name="Check these 3 places first")).to_be_visible()
    page.console_watch.assert_clean()
