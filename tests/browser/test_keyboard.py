"""Keyboard only: a student logs in, reads, opens a discussion, comments, replies and edits, and a
TA hides and approves from the queue, with nothing but Tab, Shift+Tab, Enter, Space, Escape and
typing. After each swap the test checks where focus landed and what the live region said."""

import pytest
from playwright.sync_api import expect

from classroom.models import Membership, Role
from discussions.models import Comment, FlagReason, ModerationAction, Status, WatchedWord
from discussions.moderation.decisions import comment_flag
from tests.factories import MembershipFactory, UserFactory, make_comment

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

THREAD = "Does paragraph 3 mean a shared margin makes us braver, or just louder?"
REPLY = "Maybe both: the margin is less private, so people write for an audience."
EDITED = "Does paragraph 3 mean a shared margin makes us braver, or only louder?"
REASON = "Please keep to the reading."

FOCUSED = """() => {
  const element = document.activeElement;
  return {
    id: element.id,
    name: element.getAttribute("name") || "",
    tag: element.tagName.toLowerCase(),
    text: (element.innerText || element.value || "").trim().replace(/\\s+/g, " "),
    controls: element.getAttribute("aria-controls") || "",
    target: element.getAttribute("hx-target") || "",
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, selector: str, *, text: str | None = None, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches selector (and its text)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(80):
        page.keyboard.press(key)
        here = page.evaluate(
            "([selector, text]) => { const e = document.activeElement;"
            " return e.matches(selector) && (text === null"
            " || e.innerText.trim().replace(/\\s+/g, ' ') === text); }",
            [selector, text],
        )
        if here:
            return focused(page)
    raise AssertionError(f"{key} never reached {selector} {text or ''}; stuck at {focused(page)}")


def walk_paragraphs(page, paragraphs) -> list[str]:
    """From the first paragraph's discussion toggle, one Tab per further paragraph: the
    toggle each lands on (as a selector), or what it landed on instead."""
    landed = []
    for _ in paragraphs[1:]:
        page.keyboard.press("Tab")
        here = focused(page)
        landed.append(
            f'[aria-controls="{here["controls"]}"]'
            if here["controls"].startswith("discussion-")
            else f"{here['tag']}#{here['id']} {here['text']!r}"
        )
    return landed


def follow(page) -> None:
    """Enter on the focused link or button, waiting for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def expect_announced(page, text: str) -> None:
    expect(page.locator("#announcer")).to_have_text(text)


def log_in_with_keyboard(page, live_server, user) -> None:
    page.goto(live_server.url + "/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    follow(page)
    assert page.url == live_server.url + "/"


def test_student_reads_comments_replies_and_edits_with_the_keyboard(page, live_server, seminar):
    student = seminar.newcomer
    Membership.objects.create(user=student, course=seminar.course, role=Role.STUDENT)
    page.console_watch.allow(r"status of 422")  # the empty post, on purpose
    toggles = {p.number: f'[aria-controls="discussion-{p.pk}"]' for p in seminar.paragraphs}
    third = seminar.paragraphs[2]
    ben = seminar.classmate_comment

    log_in_with_keyboard(page, live_server, student)
    tab_to(page, "a", text=seminar.course.title)
    follow(page)
    tab_to(page, "a", text=seminar.assignment.reading.title)
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("On Reading Slowly")

    # Paragraph to paragraph, in reading order: one stop each, its discussion toggle.
    tab_to(page, toggles[1])
    assert walk_paragraphs(page, seminar.paragraphs) == [toggles[n] for n in range(2, 6)]
    for _ in range(2):
        page.keyboard.press("Shift+Tab")
    assert focused(page)["controls"] == f"discussion-{third.pk}"

    # Open paragraph 3's discussion: focus stays on its toggle, the live region says so.
    page.keyboard.press("Enter")
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    expect(discussion).to_be_visible()
    expect(page.locator(toggles[3])).to_have_attribute("aria-expanded", "true")
    expect_announced(page, "Discussion opened.")
    assert focused(page)["controls"] == f"discussion-{third.pk}"

    # An empty post comes back with its error tied to the box, and focus in the box.
    box = f"body-p-{third.pk}"
    tab_to(page, f"#{box}")
    tab_to(page, "button", text="Post")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{box}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{box}")).to_have_attribute(
        "aria-describedby", f"{box}-errors {box}-help"
    )
    expect(page.locator(f"#{box}-errors")).to_be_visible()
    expect(page.locator(f"#{box}")).to_be_focused()

    # Post a thread: the new comment is announced and takes focus.
    page.keyboard.type(THREAD)
    tab_to(page, "button", text="Post")
    page.keyboard.press("Enter")
    expect_announced(page, "Comment posted.")
    mine = Comment.objects.get(author=student)
    expect(page.locator(f"#c-{mine.pk}-body")).to_be_focused()
    assert mine.body == THREAD

    # Reply to Ben: the box opens with focus in it; Escape closes it and returns to Reply.
    reply_link = f'a[aria-controls="c-{ben.pk}-reply"]'
    tab_to(page, reply_link, text="Reply", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{ben.pk}-reply-body")).to_be_focused()
    page.keyboard.type("Half a thought")
    page.keyboard.press("Escape")
    expect(page.locator(f"#c-{ben.pk}-reply-form")).to_have_count(0)
    assert focused(page)["controls"] == f"c-{ben.pk}-reply"
    assert focused(page)["text"] == "Reply"
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{ben.pk}-reply-body")).to_be_focused()
    page.keyboard.type(REPLY)
    tab_to(page, f"#c-{ben.pk}-reply-form button", text="Reply")
    page.keyboard.press("Enter")
    expect(page.locator(f"#replies-{ben.pk} > li")).to_have_count(2)
    expect_announced(page, "Comment posted.")
    reply = Comment.objects.get(author=student, parent=ben)
    expect(page.locator(f"#c-{reply.pk}-body")).to_be_focused()
    assert reply.body == REPLY

    # The Cancel button closes a reply box too, and focus goes back to Reply.
    tab_to(page, reply_link, text="Reply", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{ben.pk}-reply-body")).to_be_focused()
    tab_to(page, f"#c-{ben.pk}-reply-form a", text="Cancel")
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{ben.pk}-reply-form")).to_have_count(0)
    assert focused(page)["controls"] == f"c-{ben.pk}-reply"

    # Edit the thread: the box takes focus; Escape puts focus back on Edit; Save announces.
    edit_link = f'#c-{mine.pk}-body a[data-opens-form][hx-target="#c-{mine.pk}-body"]'
    tab_to(page, edit_link, text="Edit")
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{mine.pk}-edit-body")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(f"#c-{mine.pk}-edit-body")).to_have_count(0)
    expect(page.locator(edit_link)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{mine.pk}-edit-body")).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(EDITED)
    tab_to(page, "button", text="Save")
    page.keyboard.press("Enter")
    expect_announced(page, "Comment saved.")
    expect(page.locator(f"#c-{mine.pk}-body")).to_be_focused()
    mine.refresh_from_db()
    assert mine.body == EDITED

    # The paragraph's private-note control ends its open discussion; Escape there (as anywhere
    # in an open discussion) closes the discussion and returns to its toggle.
    tab_to(page, f"#discussion-{third.pk} summary", text="Note on paragraph 3")
    page.keyboard.press("Escape")
    expect(discussion).to_have_count(0)
    expect(page.locator(toggles[3])).to_have_attribute("aria-expanded", "false")
    expect(page.locator(toggles[3])).to_be_focused()
    expect(page.locator(toggles[3])).to_contain_text("4 comments")
    page.console_watch.assert_clean()


def test_ta_hides_and_approves_from_the_queue_with_the_keyboard(page, live_server, seminar):
    course = seminar.course
    ta = MembershipFactory(
        course=course, role=Role.TA, user=UserFactory(username="idris", display_name="Idris Haddad")
    ).user
    flagged = seminar.classmate_comment
    comment_flag(comment=flagged, flagger=seminar.instructor, reason=FlagReason.OFF_TOPIC)
    WatchedWord.objects.create(course=course, phrase="obviously", created_by=seminar.instructor)
    held = make_comment(
        author=seminar.classmate,
        assignment=seminar.assignment,
        paragraph=seminar.paragraphs[1],
        body="This is obviously the key sentence.",
    )
    assert held.status == Status.PENDING

    log_in_with_keyboard(page, live_server, ta)
    tab_to(page, "a", text=course.title)
    follow(page)
    tab_to(page, "a", text="Review queue 2 waiting")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")

    # Hide the flagged comment with a reason typed into its field; Enter submits.
    tab_to(page, f"#c-{flagged.pk}-hide-reason")
    page.keyboard.type(REASON)
    page.keyboard.press("Enter")
    item = page.locator(f"#queue-item-{flagged.pk}")
    expect(item.locator(".queue-outcome")).to_contain_text("Hidden.")
    expect_announced(page, "Hidden. The author sees the reason and can edit and resubmit.")
    expect(item.locator(".queue-outcome")).to_be_focused()
    flagged.refresh_from_db()
    assert (flagged.status, flagged.moderation_reason) == (Status.HIDDEN, REASON)

    # Approve the held comment with Space on its button.
    tab_to(page, f"#queue-item-{held.pk} button", text="Approve", backwards=True)
    page.keyboard.press("Space")
    item = page.locator(f"#queue-item-{held.pk}")
    expect(item.locator(".queue-outcome")).to_have_text("Approved: classmates can see it now.")
    expect_announced(page, "Approved: classmates can see it now.")
    expect(item.locator(".queue-outcome")).to_be_focused()
    held.refresh_from_db()
    assert held.status == Status.VISIBLE
    kinds = set(ModerationAction.objects.values_list("kind", flat=True))
    assert {"hide", "approve"} <= kinds
    page.console_watch.assert_clean()
