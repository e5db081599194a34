"""Moderation in the browser: a student flags a comment, the TA hides it from the queue with a
reason, the author reads the reason, edits and resubmits, the TA approves, and it shows again.
Screenshots of the queue at laptop and phone widths go to screenshots/."""

import pytest
from playwright.sync_api import expect

from classroom.models import Membership, Role
from discussions.models import Flag, ModerationAction, Notice, Status
from tests.factories import MembershipFactory, UserFactory

from .screens import SCREENSHOTS

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
REASON = "Please argue with the idea, not the person."
REWRITE = "I read the third paragraph differently: a shared margin may make us more careful."


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def open_paragraph_three(page, seminar, live_server) -> None:
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 3").click()
    expect(page.get_by_role("region", name="Discussion of paragraph 3")).to_be_visible()


def test_flag_hide_resubmit_approve(page, live_server, seminar, log_in, task_worker):
    comment = seminar.classmate_comment
    flagger = seminar.newcomer
    Membership.objects.create(user=flagger, course=seminar.course, role=Role.STUDENT)
    ta = MembershipFactory(
        course=seminar.course,
        role=Role.TA,
        user=UserFactory(username="idris", display_name="Idris Haddad"),
    ).user
    body = page.locator(f"#c-{comment.pk}-body")

    # A classmate flags Ben's comment from the reading page, without leaving it.
    log_in(page, flagger)
    open_paragraph_three(page, seminar, live_server)
    page.evaluate("window.__colloquyMarker = 1")
    body.get_by_role("link", name="Flag").click()
    reason = page.get_by_label("What is wrong with it?")
    expect(reason).to_be_focused()
    reason.select_option(label="Disrespectful")
    page.get_by_label("Note for the staff").fill("It mocks whoever disagrees.")
    screenshot(page, "moderation-flag-form")
    page.locator(f"#c-{comment.pk}-flag-form").get_by_role("button", name="Flag").click()
    expect(body).to_contain_text("Thanks — a moderator will take a look.")
    assert page.evaluate("window.__colloquyMarker") == 1, "the reading page reloaded"
    assert Flag.objects.get().flagger == flagger
    log_out(page)

    # The TA finds it in the queue from the course page and hides it with a reason.
    log_in(page, ta)
    page.get_by_role("link", name="Reading Closely").click()
    page.get_by_role("link", name="Review queue 1 waiting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    item = page.locator(f"#queue-item-{comment.pk}")
    expect(item).to_contain_text("Ben Lindqvist")
    expect(item).to_contain_text("1 flag")
    expect(item).to_contain_text("Disrespectful: It mocks whoever disagrees.")
    expect(item).to_contain_text("What changes when the margin is shared")  # the paragraph
    expect(item).not_to_contain_text("Amara")
    screenshot(page, "moderation-queue")
    page.evaluate("window.__colloquyMarker = 2")
    item.get_by_label("Reason for hiding").fill(REASON)
    item.get_by_role("button", name="Hide").click()
    expect(item).to_contain_text("Hidden. The author sees the reason")
    expect(item).to_contain_text(f"Reason given to the author: {REASON}")
    expect(item.get_by_role("button", name="Restore")).to_be_visible()
    assert page.evaluate("window.__colloquyMarker") == 2, "the queue reloaded"
    screenshot(page, "moderation-queue-after-hide")
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    log_out(page)

    # Ben sees the notice and the reason, edits and resubmits. (The other notice is Ruth's
    # reply to the same comment.)
    log_in(page, seminar.classmate)
    expect(page.locator(".notice-badge")).to_have_text("2 unread")
    screenshot(page, "moderation-notice-badge")
    page.get_by_role("link", name="Notices").click()
    expect(page.locator(".notice-list")).to_contain_text(f"Reason: {REASON}")
    screenshot(page, "moderation-notices")
    page.get_by_role("button", name="Mark as read").first.click()
    expect(page.locator(".notice-badge")).to_have_text("1 unread")
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(1)
    expect(page.locator(".notice-item").first).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Marked as read.")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".notice-badge")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Marked 1 notice as read.")
    open_paragraph_three(page, seminar, live_server)
    expect(body.locator(".tombstone")).to_have_text("Hidden by a moderator.")
    expect(body).to_contain_text(REASON)
    expect(page.locator(f"#c-{seminar.instructor_reply.pk}")).to_contain_text(
        "Keep it in mind when you get to paragraph 4."
    )
    screenshot(page, "moderation-author-sees-reason")
    body.get_by_role("link", name="Edit and resubmit").click()
    page.get_by_label("Edit your comment").fill(REWRITE)
    page.get_by_role("button", name="Save").click()
    expect(body.locator(".pending-label")).to_have_text("Waiting for review")
    expect(body).to_contain_text(REWRITE)
    screenshot(page, "moderation-resubmitted")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    log_out(page)

    # The TA approves the rewrite from the queue.
    log_in(page, ta)
    page.goto(live_server.url + f"/c/{seminar.course.slug}/moderation/")
    item = page.locator(f"#queue-item-{comment.pk}")
    expect(item).to_contain_text("Waiting for review")
    expect(item).to_contain_text("Edited after a moderator hid it.")
    expect(item).to_contain_text(REWRITE)
    item.get_by_role("button", name="Approve").click()
    expect(item).to_contain_text("Approved: classmates can see it now.")
    log_out(page)

    # Everyone reads it again.
    log_in(page, flagger)
    open_paragraph_three(page, seminar, live_server)
    expect(body.locator(".comment-text")).to_have_text(REWRITE)
    expect(body).not_to_contain_text("Hidden by a moderator")
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE
    kinds = list(
        ModerationAction.objects.filter(comment=comment)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["hide", "resubmit", "approve"]
    moderation = Notice.objects.filter(user=seminar.classmate, kind=Notice.Kind.MODERATION)
    assert moderation.count() == 2
    page.console_watch.assert_clean()


def test_moderation_without_javascript(page_without_javascript, live_server, seminar, log_in):
    """Every step is a plain form: the flag page, the queue's buttons, the redirects back."""
    page = page_without_javascript
    page.console_watch.allow(r"status of 422")  # the reasonless hide, on purpose
    comment = seminar.classmate_comment
    flagger = seminar.newcomer
    Membership.objects.create(user=flagger, course=seminar.course, role=Role.STUDENT)

    log_in(page, flagger)
    open_paragraph_three(page, seminar, live_server)
    page.locator(f"#c-{comment.pk}-body").get_by_role("link", name="Flag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flag a comment")
    page.get_by_label("What is wrong with it?").select_option(label="Spam")
    page.locator(f"#c-{comment.pk}-flag-form").get_by_role("button", name="Flag").click()
    expect(page.locator(".messages")).to_contain_text("Thanks — a moderator will take a look.")
    assert page.url.endswith(f"#c-{comment.pk}")
    log_out(page)

    log_in(page, seminar.instructor)
    page.goto(live_server.url + f"/c/{seminar.course.slug}/moderation/")
    item = page.locator(f"#queue-item-{comment.pk}")
    item.get_by_role("button", name="Hide").click()  # no reason yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate a comment")
    expect(page.locator(".queue-error")).to_have_text("Give a reason: the author will see it.")
    page.get_by_label("Reason for hiding").fill(REASON)
    page.get_by_role("button", name="Hide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator(".messages")).to_contain_text("Hidden. The author sees the reason")
    comment.refresh_from_db()
    assert (comment.status, comment.moderation_reason) == (Status.HIDDEN, REASON)
    page.console_watch.assert_clean()


def test_suspend_from_the_roster(page, live_server, seminar, log_in):
    log_in(page, seminar.instructor)
    page.goto(live_server.url + f"/c/{seminar.course.slug}/roster/")
    page.get_by_text("Suspend…").click()
    page.get_by_label("Days").fill("2")
    page.get_by_label("Reason").fill("Insults in the paragraph 3 thread.")
    page.get_by_role("button", name="Suspend Ben Lindqvist").click()
    expect(page.locator(".messages")).to_contain_text("Ben Lindqvist can read but not post until")
    expect(page.locator(".suspended-until")).to_contain_text("Read-only until")
    screenshot(page, "moderation-roster")
    log_out(page)

    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    notice = page.locator(".suspended-notice")
    expect(notice).to_contain_text("You can read but not post until")
    expect(notice).to_contain_text("Reason: Insults in the paragraph 3 thread.")
    screenshot(page, "moderation-suspended-reading")
    page.get_by_role("link", name="Discussion of paragraph 2").click()
    page.get_by_label("Start a thread on paragraph 2").fill("May I?")
    # The refusal is a 403 the browser logs; the page shows its message.
    page.console_watch.allow(r"status of 403|Error Code 403")
    page.get_by_role("button", name="Post").click()
    expect(page.locator("#alert-region")).to_contain_text("not post until")
    page.console_watch.assert_clean()
