"""Two students in two browsers: what one posts appears for the other without a reload, in its
place in the thread, announced politely, while the reader keeps typing, and a phrase one
comments on is marked in the other's paragraph; a hidden tab stops asking until it is shown
again."""

import re

import pytest
from playwright.sync_api import expect

from classroom.models import Role
from discussions.models import Comment
from discussions.moderation.decisions import comment_hide
from discussions.reading.phrases import Phrase
from discussions.reading.services import comment_create
from tests.browser.conftest import open_page
from tests.factories import MembershipFactory

from .screens import SCREENSHOTS
from .test_phrase_comments import select_with_mouse

pytestmark = pytest.mark.browser

DRAFT = "Half a thought I am still typing"


def set_tab_visible(page, visible: bool) -> None:
    """Headless Chromium always reports a visible page, so tell the page what a browser would
    when its tab is put in the background (or brought back) and fire the same event."""
    state = "visible" if visible else "hidden"
    page.evaluate(
        """state => {
            const descriptor = {configurable: true, get: () => state};
            Object.defineProperty(document, "visibilityState", descriptor);
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def side_by_side(page, browser, request, live_server, seminar, log_in):
    """A newcomer reading paragraph 3's open discussion (`page`) and a classmate writing in it
    (a second tab); returns (reader, writer, paragraph)."""
    MembershipFactory(user=seminar.newcomer, course=seminar.course, role=Role.STUDENT)
    paragraph = seminar.paragraphs[2]
    url = f"{seminar.reading_url(live_server)}?open={paragraph.pk}#p-{paragraph.pk}"
    writer = open_page(browser, request, viewport={"width": 1366, "height": 768})
    log_in(page, seminar.newcomer)
    log_in(writer, seminar.classmate)
    page.goto(url)
    writer.goto(url)
    return page, writer, paragraph


def test_a_classmates_post_appears_without_reloading(
    page, browser, request, live_server, seminar, log_in, settings
):
    settings.LIVE_UPDATES_SECONDS = 2  # the page reads it as it renders
    reader, writer, paragraph = side_by_side(page, browser, request, live_server, seminar, log_in)
    reader.evaluate("window.__colloquyMarker = 7")
    polls = []
    reader.on("request", lambda r: polls.append(r.url) if "/discussion/updates/" in r.url else None)

    # The reader is in the middle of writing when the classmate posts.
    box = reader.get_by_label("Start a thread on paragraph 3")
    box.fill(DRAFT)
    box.focus()

    discussion = writer.get_by_role("region", name="Discussion of paragraph 3")
    discussion.get_by_label("Start a thread on paragraph 3").fill("Fresh from *Ben's* browser.")
    discussion.get_by_role("button", name="Post").click()
    thread = writer.locator(f"#threads-{paragraph.pk} > li").last
    expect(thread).to_contain_text("Fresh from Ben's browser.")
    reply_to = seminar.instructor_reply
    writer.locator(f"#c-{reply_to.pk}-body").get_by_role("link", name="Reply", exact=True).click()
    writer.get_by_label("Reply to Ruth Castillo").fill("Answering the instructor live.")
    writer.locator(f"#c-{reply_to.pk}-reply-form").get_by_role("button", name="Reply").click()
    expect(writer.locator(f"#replies-{reply_to.pk}")).to_contain_text("Answering the instructor")
    new_thread = Comment.objects.get(body="Fresh from *Ben's* browser.")
    reply = Comment.objects.get(body="Answering the instructor live.")

    # Within ten seconds, each lands in its place on the reader's page.
    expect(reader.locator(f"#threads-{paragraph.pk} > #c-{new_thread.pk}")).to_contain_text(
        "Fresh from Ben's browser.", timeout=10_000
    )
    expect(reader.locator(f"#replies-{reply_to.pk} > #c-{reply.pk}")).to_contain_text(
        "Answering the instructor live."
    )
    expect(reader.locator(f"#c-{new_thread.pk} em")).to_have_text("Ben's")
    expect(reader.locator(f"#count-{paragraph.pk}")).to_have_text("4 comments")
    expect(reader.locator("#announcer")).to_have_text(
        re.compile(r"(A new comment|2 new comments) in the discussion of paragraph 3\.")
    )
    # Nothing reloaded and nothing took the reader's place.
    assert reader.evaluate("window.__colloquyMarker") == 7
    expect(box).to_be_focused()
    expect(box).to_have_value(DRAFT)
    # What arrived works like the rest of the page: the reader can reply inline at once.
    reader.locator(f"#c-{new_thread.pk}-body").get_by_role("link", name="Reply", exact=True).click()
    expect(reader.get_by_label("Reply to Ben Lindqvist")).to_be_focused()
    reader.keyboard.press("Escape")
    SCREENSHOTS.mkdir(exist_ok=True)
    reader.screenshot(path=SCREENSHOTS / "live-update-arrived.png", full_page=True)

    # A moderator hides the new thread. The reader's keyboard is on its Reply link (where
    # Escape left it), so the change waits; once they move on, it becomes a tombstone.
    expect(
        reader.locator(f"#c-{new_thread.pk}-body").get_by_role("link", name="Reply")
    ).to_be_focused()
    with reader.expect_response(
        lambda response: "/discussion/updates/" in response.url and response.status == 200,
        timeout=10_000,
    ):
        comment_hide(comment=new_thread, moderator=seminar.instructor, reason="Off-topic.")
    expect(reader.locator(f"#c-{new_thread.pk}-body")).to_contain_text("Fresh from")
    box.focus()
    expect(reader.locator(f"#c-{new_thread.pk}-body .tombstone")).to_have_text(
        "Hidden by a moderator."
    )
    expect(reader.locator(f"#c-{new_thread.pk}-body")).not_to_contain_text("Fresh from")

    # In a background tab the page stops asking; brought back, it catches up at once.
    set_tab_visible(reader, False)
    reader.wait_for_timeout(500)
    asked = len(polls)
    writer.get_by_label("Start a thread on paragraph 3").fill("Posted while the tab was hidden.")
    writer.get_by_role("button", name="Post").click()
    expect(writer.get_by_text("Posted while the tab was hidden.")).to_be_visible()
    reader.wait_for_timeout(5_000)
    assert len(polls) == asked, "a hidden tab kept polling"
    expect(reader.get_by_text("Posted while the tab was hidden.")).to_have_count(0)
    set_tab_visible(reader, True)
    expect(reader.get_by_text("Posted while the tab was hidden.")).to_be_visible(timeout=3_000)
    reader.screenshot(path=SCREENSHOTS / "live-update-after-hidden-tab.png", full_page=True)
    reader.console_watch.assert_clean()
    writer.console_watch.assert_clean()


def test_a_classmates_phrase_is_marked_without_reloading(
    page, browser, request, live_server, seminar, log_in, settings
):
    """The reader's paragraph marks the words a classmate just commented on, then counts a
    second thread on overlapping words in the same mark; while the reader is choosing words
    there, the marks wait so the selection is not lost."""
    settings.LIVE_UPDATES_SECONDS = 2  # the page reads it as it renders
    reader, writer, paragraph = side_by_side(page, browser, request, live_server, seminar, log_in)
    reader.evaluate("window.__colloquyMarker = 11")
    text = reader.locator(f"#text-{paragraph.pk}")
    expect(text.locator("mark.phrase")).to_have_count(0)

    reader.evaluate(
        "id => { document.getElementById(id).dataset.kept = 'yes'; }", f"text-{paragraph.pk}"
    )
    select_with_mouse(writer, f"text-{paragraph.pk}", "the margin is shared")
    writer.get_by_role("button", name="Comment on this phrase").click()
    writer.get_by_label("Start a thread on paragraph 3").fill("Shared with whom, exactly?")
    writer.locator(f"#thread-form-{paragraph.pk}").get_by_role("button", name="Post").click()
    expect(writer.locator(f"#text-{paragraph.pk} mark.phrase")).to_have_text("the margin is shared")
    thread = Comment.objects.get(body="Shared with whom, exactly?")

    mark = text.locator("mark.phrase")
    expect(mark).to_have_text("the margin is shared", timeout=10_000)
    expect(mark).to_have_attribute("data-threads", "1")
    expect(reader.locator(f"#threads-{paragraph.pk} > #c-{thread.pk}")).to_be_visible()
    expect(text.locator(".phrase-threads")).to_have_attribute(
        "href", f"?open={paragraph.pk}&thread={thread.pk}#c-{thread.pk}"
    )
    assert reader.evaluate("window.__colloquyMarker") == 11
    # Only the words changed: the paragraph element, and what scripts hold of it, stayed.
    assert reader.evaluate("id => document.getElementById(id).dataset.kept", f"text-{paragraph.pk}")

    # The reader is choosing words when the TA's overlapping thread arrives: it waits.
    reader.evaluate(
        """id => {
          const words = document.getElementById(id).querySelector("p").lastChild;
          document.getSelection().setBaseAndExtent(words, 4, words, 20);
        }""",
        f"text-{paragraph.pk}",
    )
    expect(reader.get_by_role("button", name="Comment on this phrase")).to_be_visible()
    chosen = reader.evaluate("String(document.getSelection())")
    with reader.expect_response(
        lambda response: "/discussion/updates/" in response.url and response.status == 200,
        timeout=10_000,
    ):
        comment_create(
            author=seminar.instructor,
            assignment=seminar.assignment,
            paragraph=paragraph,
            body="Thirty is the point.",
            phrase=Phrase(exact="shared by thirty people"),
        )
    expect(reader.get_by_text("Thirty is the point.")).to_be_visible()
    expect(mark).to_have_attribute("data-threads", "1")
    assert reader.evaluate("String(document.getSelection())") == chosen
    reader.evaluate("document.getSelection().removeAllRanges()")
    expect(mark).to_have_text("the margin is shared by thirty people")
    expect(mark).to_have_attribute("data-threads", "2")
    expect(text.locator(".phrase-count")).to_have_text("2")
    SCREENSHOTS.mkdir(exist_ok=True)
    reader.screenshot(path=SCREENSHOTS / "live-update-phrase-marked.png", full_page=True)
    reader.console_watch.assert_clean()
    writer.console_watch.assert_clean()
