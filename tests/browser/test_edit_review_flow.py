"""An edit under review in the browser: a student in a course that reviews student posts edits
an approved comment inline, is told it waits while classmates keep the earlier text, and the
instructor approves it from the queue. Screenshots at laptop and phone widths go to
screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from discussions.models import Comment

from .test_moderation_flow import VIEWPORTS, log_out, open_paragraph_three, screenshot

pytestmark = pytest.mark.browser

EDIT = "On reflection: a shared margin makes me *more* careful, not less honest."
WAITS = "Your edit waits for review; classmates see the earlier text."


def assert_no_sideways_scroll(page) -> None:
    for width, height in VIEWPORTS.values():
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1366, "height": 768})


def test_an_edit_waits_for_review_then_shows(page, live_server, seminar, log_in):
    seminar.course.premoderation = "students"
    seminar.course.save(update_fields=["premoderation"])
    comment = seminar.classmate_comment
    body = page.locator(f"#c-{comment.pk}-body")

    log_in(page, seminar.classmate)
    open_paragraph_three(page, seminar, live_server)
    body.get_by_role("link", name="Edit").click()
    box = page.get_by_label("Edit your comment")
    expect(box).to_be_focused()
    box.fill(EDIT)
    page.get_by_role("button", name="Save").click()
    expect(body).to_contain_text(WAITS)
    expect(body).to_contain_text("Edit waiting for review")
    expect(body.locator(".comment-text").first).to_contain_text("more careful")
    screenshot(page, "edit-waits-author")
    assert_no_sideways_scroll(page)
    assert Comment.objects.get(pk=comment.pk).body == comment.body
    page.console_watch.assert_clean()
    log_out(page)

    log_in(page, seminar.instructor)
    page.goto(live_server.url + reverse("discussions:moderation_queue", args=[seminar.course.slug]))
    item = page.locator(f"#queue-item-{comment.pk}")
    expect(item).to_contain_text("Edit waiting for review")
    expect(item).to_contain_text("Approved wording (what classmates see)")
    expect(item.locator("ins").first).to_be_visible()
    screenshot(page, "edit-waits-queue")
    assert_no_sideways_scroll(page)
    item.get_by_role("button", name="Approve edit").click()
    expect(item).to_contain_text("Edit approved: classmates see the new wording now.")
    assert Comment.objects.get(pk=comment.pk).body == EDIT
    page.console_watch.assert_clean()
