"""A student joins, reads and discusses: once with htmx doing the work, once with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from classroom.models import Membership, Role
from discussions.models import Comment, Status

pytestmark = pytest.mark.browser

WITHDRAWN_TEXT = "The author withdrew this comment."


def _join_course(page, seminar) -> None:
    page.get_by_label("Join code").fill(seminar.course.join_code.lower())
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading Closely")
    expect(page.get_by_text("You're in Reading Closely.")).to_be_visible()
    assert Membership.objects.filter(
        user=seminar.newcomer, course=seminar.course, role=Role.STUDENT
    ).exists()


def _only_comment(**filters) -> Comment:
    return Comment.objects.get(**filters)


def test_student_joins_and_discusses_inline_without_reloading(page, live_server, seminar, log_in):
    paragraph = seminar.paragraphs[2]
    question = seminar.classmate_comment
    log_in(page, seminar.newcomer)
    _join_course(page, seminar)

    page.get_by_role("link", name="On Reading Slowly").click()
    page.wait_for_url(seminar.reading_url(live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("On Reading Slowly")
    page.evaluate("window.__colloquyMarker = 42")

    # Open paragraph 3's discussion from its comment count.
    toggle = page.get_by_role("link", name="Discussion of paragraph 3: 2 comments")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    expect(discussion).to_contain_text("People might write less honestly.")
    expect(discussion).to_contain_text("Keep it in mind when you get to paragraph 4.")
    expect(toggle).to_have_attribute("aria-expanded", "true")

    # Start a thread.
    thread_box = discussion.get_by_label("Start a thread on paragraph 3")
    thread_box.fill("Does the *third* paragraph assume everyone reads at the same pace?")
    discussion.get_by_role("button", name="Post").click()
    expect(discussion.locator(f"#threads-{paragraph.pk} > li").last).to_contain_text(
        "Does the third paragraph assume everyone reads at the same pace?"
    )
    thread = _only_comment(author=seminar.newcomer, parent=None)
    new_thread = page.locator(f"#c-{thread.pk}")
    expect(new_thread.locator(".comment-author")).to_have_text("Amara Okafor")
    expect(new_thread.locator("em")).to_have_text("third")
    expect(page.locator(f"#count-{paragraph.pk}")).to_have_text("3 comments")
    expect(discussion.get_by_label("Start a thread on paragraph 3")).to_have_value("")

    # Reply inline to a classmate's comment.
    question_body = page.locator(f"#c-{question.pk}-body")
    question_body.get_by_role("link", name="Reply", exact=True).click()
    reply_box = page.get_by_label("Reply to Ben Lindqvist")
    expect(reply_box).to_be_focused()
    reply_box.fill("I think people write more carefully when classmates will read it.")
    page.locator(f"#c-{question.pk}-reply-form").get_by_role("button", name="Reply").click()
    reply_text = "I think people write more carefully when classmates will read it."
    expect(page.locator(f"#replies-{question.pk}")).to_contain_text(reply_text)
    reply = _only_comment(author=seminar.newcomer, parent=question)
    expect(page.locator(f"#replies-{question.pk} > #c-{reply.pk}")).to_contain_text(reply_text)
    expect(page.locator(f"#c-{question.pk}-reply-form")).to_have_count(0)
    expect(page.locator(f"#count-{paragraph.pk}")).to_have_text("4 comments")

    # Edit the reply.
    reply_body = page.locator(f"#c-{reply.pk}-body")
    reply_body.get_by_role("link", name="Edit").click()
    edit_box = page.get_by_label("Edit your comment")
    expect(edit_box).to_have_value(reply_text)
    edit_box.fill("On reflection: people write more *carefully*, not less honestly.")
    page.get_by_role("button", name="Save").click()
    expect(reply_body).to_contain_text("On reflection: people write more carefully, not less")
    expect(reply_body.locator(".comment-edited")).to_have_text("edited")
    expect(page.get_by_label("Edit your comment")).to_have_count(0)

    # Withdraw it, after confirming.
    confirmations = []

    def accept(dialog):
        confirmations.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    reply_body.get_by_role("link", name="Withdraw").click()
    expect(reply_body.locator(".tombstone")).to_have_text(WITHDRAWN_TEXT)
    expect(reply_body).not_to_contain_text("On reflection")
    expect(reply_body.locator(".comment-author")).to_have_text("Withdrawn comment")
    assert confirmations == ["Withdraw this comment? Replies to it stay in place."]

    # The rest of the discussion stays where it was.
    expect(page.locator(f"#replies-{question.pk} > #c-{reply.pk}")).to_be_visible()
    expect(page.locator(f"#c-{seminar.instructor_reply.pk}")).to_contain_text(
        "Keep it in mind when you get to paragraph 4."
    )
    expect(question_body).to_contain_text("People might write less honestly.")
    expect(new_thread).to_contain_text("assume everyone reads at the same pace?")

    assert page.evaluate("window.__colloquyMarker") == 42, "the reading page reloaded"
    reply.refresh_from_db()
    assert reply.status == Status.WITHDRAWN
    page.console_watch.assert_clean()


def test_student_discusses_with_javascript_off(
    page_without_javascript, live_server, seminar, log_in
):
    page = page_without_javascript
    paragraph = seminar.paragraphs[2]
    question = seminar.classmate_comment
    log_in(page, seminar.newcomer)
    _join_course(page, seminar)
    page.get_by_role("link", name="On Reading Slowly").click()

    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    assert page.url.endswith(f"?open={paragraph.pk}#p-{paragraph.pk}")
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    expect(discussion).to_contain_text("People might write less honestly.")

    # Start a thread: the form posts and the redirect lands on the new comment.
    discussion.get_by_label("Start a thread on paragraph 3").fill("Who decides what counts?")
    discussion.get_by_role("button", name="Post").click()
    thread = _only_comment(author=seminar.newcomer, parent=None)
    page.wait_for_url(re.compile(rf"\?open={paragraph.pk}&thread={thread.pk}#c-{thread.pk}$"))
    expect(page.locator(f"#c-{thread.pk}")).to_contain_text("Who decides what counts?")
    expect(page.locator(f"#count-{paragraph.pk}")).to_have_text("3 comments")

    # Reply: the link opens a reply page, the post comes back to the reply's anchor.
    page.locator(f"#c-{question.pk}-body").get_by_role("link", name="Reply", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply")
    page.get_by_label("Reply to Ben Lindqvist").fill("Honest, but more careful.")
    page.get_by_role("button", name="Reply").click()
    reply = _only_comment(author=seminar.newcomer, parent=question)
    page.wait_for_url(re.compile(rf"\?open={paragraph.pk}&thread={question.pk}#c-{reply.pk}$"))
    expect(page.locator(f"#replies-{question.pk} > #c-{reply.pk}")).to_contain_text(
        "Honest, but more careful."
    )

    # Edit it on its own page.
    page.locator(f"#c-{reply.pk}-body").get_by_role("link", name="Edit").click()
    page.get_by_label("Edit your comment").fill("Honest, and more careful.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"#c-{reply.pk}$"))
    reply_body = page.locator(f"#c-{reply.pk}-body")
    expect(reply_body).to_contain_text("Honest, and more careful.")
    expect(reply_body.locator(".comment-edited")).to_have_text("edited")

    # Withdraw it through the confirmation page.
    reply_body.get_by_role("link", name="Withdraw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your comment?")
    page.get_by_role("button", name="Withdraw comment").click()
    page.wait_for_url(re.compile(rf"#c-{reply.pk}$"))
    expect(page.locator(f"#c-{reply.pk}-body .tombstone")).to_have_text(WITHDRAWN_TEXT)
    expect(page.locator(f"#c-{seminar.instructor_reply.pk}")).to_be_visible()
    page.console_watch.assert_clean()


def test_empty_inline_reply_shows_the_error_in_the_form(page, live_server, seminar, log_in):
    Membership.objects.create(user=seminar.newcomer, course=seminar.course, role=Role.STUDENT)
    question = seminar.classmate_comment
    comments_before = Comment.objects.count()
    # The browser logs every 4xx response; this test provokes one on purpose.
    page.console_watch.allow(r"status of 422")
    log_in(page, seminar.newcomer)
    page.goto(seminar.reading_url(live_server))
    page.evaluate("window.__colloquyMarker = 42")
    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    page.locator(f"#c-{question.pk}-body").get_by_role("link", name="Reply", exact=True).click()

    form = page.locator(f"#c-{question.pk}-reply-form")
    with page.expect_response(lambda response: response.status == 422):
        form.get_by_role("button", name="Reply").click()
    expect(form.locator(".errorlist")).to_have_text("Write something before posting.")
    reply_box = page.get_by_label("Reply to Ben Lindqvist")
    expect(reply_box).to_have_attribute("aria-invalid", "true")
    # The error first, then the formatting help.
    error, help_text = reply_box.get_attribute("aria-describedby").split()
    expect(page.locator(f"#{error}")).to_have_text("Write something before posting.")
    expect(page.locator(f"#{help_text}")).to_contain_text("math between dollar signs")
    expect(page.locator("#alert-region")).to_be_hidden()
    expect(page.locator(f"#replies-{question.pk} > li")).to_have_count(1)
    assert Comment.objects.count() == comments_before

    # The form that came back is live: fixing it posts inline.
    reply_box.fill("Second try, with words this time.")
    form.get_by_role("button", name="Reply").click()
    expect(page.locator(f"#replies-{question.pk}")).to_contain_text("Second try, with words")
    expect(page.locator(f"#replies-{question.pk} > li")).to_have_count(2)
    assert Comment.objects.count() == comments_before + 1
    assert page.evaluate("window.__colloquyMarker") == 42, "the reading page reloaded"
    page.console_watch.assert_clean()
