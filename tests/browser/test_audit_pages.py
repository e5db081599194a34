"""An instructor reads the course's audit log, narrows it to one kind of action and opens a
comment's history with its word-level changes; screenshots at laptop and phone widths."""

import pytest
from playwright.sync_api import expect

from discussions.moderation.decisions import comment_approve, comment_hide, comment_pin_toggle
from discussions.reading.services import comment_edit

from .screens import VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", VIEWPORTS)
def test_instructor_reads_the_audit_log_and_a_comments_history(
    page, live_server, seminar, log_in, size
):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[size], strict=True)))
    comment = seminar.classmate_comment
    comment_edit(
        comment=comment,
        editor=seminar.classmate,
        body="Is a shared margin really less private? People might write *less* honestly, "
        "and <script>alert('hi')</script> they know it.",
    )
    comment_hide(
        comment=comment,
        moderator=seminar.instructor,
        reason="Please take the code out and say what you mean in words.",
    )
    comment.refresh_from_db()
    comment_edit(
        comment=comment,
        editor=seminar.classmate,
        body="Is a shared margin really less private? People might write *more* carefully, "
        "and they know it.",
    )
    comment.refresh_from_db()
    comment_approve(comment=comment, moderator=seminar.instructor)
    comment_pin_toggle(comment=comment, moderator=seminar.instructor)

    log_in(page, seminar.instructor)
    page.goto(live_server.url + seminar.course.get_absolute_url())
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(5)  # the header and four actions
    expect(table.get_by_text("Please take the code out")).to_be_visible()
    assert_fits_width(page, f"the audit log at {VIEWPORTS[size][0]}px")
    shoot(page, f"audit-log-{size}")

    page.get_by_label("Show").select_option(label="Hidden")
    page.get_by_role("button", name="Filter").click()
    expect(table.get_by_role("row")).to_have_count(2)

    page.get_by_role("link", name="history").click()
    expect(page.get_by_role("heading", name="History of Ben Lindqvist's comment")).to_be_visible()
    current = page.locator("#version-3 .diff")
    expect(current.locator("del").filter(has_text="alert").first).to_be_visible()
    expect(current.locator("ins").filter(has_text="more").first).to_be_visible()
    # The script a student typed is shown as text, never run.
    expect(page.locator("#version-2 .diff")).to_contain_text("<script>alert('hi')</script>")
    assert_fits_width(page, f"a comment's history at {VIEWPORTS[size][0]}px")
    shoot(page, f"comment-history-{size}")
    page.console_watch.assert_clean()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_instructor_keeps_the_watched_words_list(page, live_server, seminar, log_in, size):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[size], strict=True)))
    page.console_watch.allow("status of 422")  # the refused phrase, on purpose
    log_in(page, seminar.instructor)
    page.goto(live_server.url + seminar.course.get_absolute_url())
    page.get_by_role("link", name="Watched words").click()
    expect(page.get_by_text("No watched words yet.")).to_be_visible()

    page.get_by_role("textbox", name="Word or phrase").fill("x" * 101)
    page.get_by_role("button", name="Add").click()
    expect(
        page.get_by_text("Keep a watched phrase to 100 characters (this one has 101).")
    ).to_be_visible()

    page.get_by_role("textbox", name="Word or phrase").fill("Drivel")
    page.get_by_label("When a post uses it").select_option(label="Replace it with a mask")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Now watching for “Drivel”.")).to_be_visible()
    expect(page.get_by_role("row", name="Drivel")).to_contain_text("Replace it with a mask")
    assert_fits_width(page, f"the watched words at {VIEWPORTS[size][0]}px")
    shoot(page, f"watched-words-{size}")

    page.get_by_role("button", name="Stop watching for Drivel").click()
    expect(page.get_by_text("No longer watching for “Drivel”.")).to_be_visible()
    expect(page.get_by_text("No watched words yet.")).to_be_visible()
    page.console_watch.assert_clean()
