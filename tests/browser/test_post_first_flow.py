"""An instructor poses a post-first prompt; a student answers it before seeing classmates'
answers: once inline with htmx, once with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from classroom.models import Membership, Role
from discussions.models import Comment, Prompt
from discussions.reading.services import comment_create
from tests.factories import MembershipFactory, UserFactory

from .screens import SCREENSHOTS

pytestmark = pytest.mark.browser

PROMPT_TEXT = "Where in your own reading do you **stop**, and why there?"
LOCKED_NOTICE = "Answer this prompt to see your classmates' answers."
CLASSMATE_ANSWERS = [
    "I stop at numbers: a statistic always makes me check the source.",
    "I stop where the author says *everyone*; I want to know who is left out.",
]
ANSWER_TEXTS = [
    "I stop at numbers: a statistic always makes me check the source.",
    "I stop where the author says everyone; I want to know who is left out.",
]
MY_ANSWER = "I stop when a sentence surprises me, then read it again aloud."


def _pose_prompt(page, live_server, seminar, log_in) -> Prompt:
    """The instructor poses a post-first prompt on paragraph 2 through the "Pose a prompt" page."""
    second = seminar.paragraphs[1]
    log_in(page, seminar.instructor)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Pose a prompt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pose a prompt on “On Reading Slowly”"
    )
    page.get_by_role("radio", name=re.compile(r"^¶ 2 — ")).check()
    page.get_by_label("Prompt", exact=True).fill(PROMPT_TEXT)
    page.get_by_label("Students answer before they see classmates' answers").check()
    page.get_by_role("button", name="Post prompt").click()
    prompt = Prompt.objects.get()
    page.wait_for_url(re.compile(rf"\?open={second.pk}#prompt-{prompt.pk}$"))
    expect(page.get_by_text("Prompt posted.")).to_be_visible()
    section = page.locator(f"#prompt-{prompt.pk}")
    expect(section.locator(".prompt-text strong")).to_have_text("stop")
    expect(section.locator(".post-first-label")).to_have_text("answer first")
    assert prompt.post_first and prompt.paragraph == second
    page.get_by_role("button", name="Log out").click()
    return prompt


def _classmates_answer(seminar, prompt) -> list[Comment]:
    chiara = UserFactory(username="chiara", display_name="Chiara Russo")
    MembershipFactory(user=chiara, course=seminar.course, role=Role.STUDENT)
    return [
        comment_create(author=author, assignment=seminar.assignment, prompt=prompt, body=body)
        for author, body in zip((seminar.classmate, chiara), CLASSMATE_ANSWERS, strict=True)
    ]


def _join(seminar) -> None:
    Membership.objects.create(user=seminar.newcomer, course=seminar.course, role=Role.STUDENT)


def _expect_locked(discussion, prompt_section) -> None:
    expect(prompt_section).to_contain_text("Where in your own reading do you stop, and why there?")
    expect(prompt_section.locator(".post-first-notice")).to_have_text(LOCKED_NOTICE)
    for text in ANSWER_TEXTS:
        expect(discussion).not_to_contain_text(text)
    expect(discussion).not_to_contain_text("Ben Lindqvist")
    expect(discussion).not_to_contain_text("Chiara Russo")


def _expect_unlocked(discussion, prompt_section) -> None:
    for text in [*ANSWER_TEXTS, MY_ANSWER]:
        expect(prompt_section.locator(".threads")).to_contain_text(text)
    expect(prompt_section).to_contain_text("Ben Lindqvist")
    expect(prompt_section).to_contain_text("Chiara Russo")
    expect(prompt_section.locator(".post-first-notice")).to_have_count(0)


def _shoot(page, paragraph, name: str) -> None:
    """The paragraph with its discussion open, as the screen shows it, at laptop and phone
    widths."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, (width, height) in {"desktop": (1366, 768), "phone": (390, 844)}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.locator(f"#p-{paragraph.pk}").evaluate("element => element.scrollIntoView()")
        # caret="initial": hiding the caret leaves style="" on every field, which htmx then
        # copies onto the swapped-in form, and the page's CSP rightly refuses.
        page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", caret="initial")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_student_answers_a_post_first_prompt_inline(page, live_server, seminar, log_in):
    second = seminar.paragraphs[1]
    prompt = _pose_prompt(page, live_server, seminar, log_in)
    _classmates_answer(seminar, prompt)
    _join(seminar)

    log_in(page, seminar.newcomer)
    page.goto(seminar.reading_url(live_server))
    page.evaluate("window.__colloquyMarker = 42")
    toggle = page.get_by_role("link", name=re.compile(r"^Discussion of paragraph 2:"))
    expect(toggle).to_contain_text("prompt")
    toggle.click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 2")
    prompt_section = discussion.locator(f"#prompt-{prompt.pk}")
    _expect_locked(discussion, prompt_section)
    _shoot(page, second, "post-first-prompt-locked")

    prompt_section.get_by_label("Answer this prompt").fill(MY_ANSWER)
    prompt_section.get_by_role("button", name="Answer").click()
    _expect_unlocked(discussion, prompt_section)
    mine = Comment.objects.get(author=seminar.newcomer)
    expect(page.locator(f"#c-{mine.pk}")).to_contain_text(MY_ANSWER)
    expect(page.locator(f"#c-{mine.pk}-body")).to_be_focused()
    assert page.evaluate("window.__colloquyMarker") == 42, "the reading page reloaded"
    _shoot(page, second, "post-first-prompt-answered")
    page.console_watch.assert_clean()


def test_student_answers_a_post_first_prompt_without_javascript(
    page_without_javascript, live_server, seminar, log_in
):
    page = page_without_javascript
    second = seminar.paragraphs[1]
    prompt = _pose_prompt(page, live_server, seminar, log_in)
    _classmates_answer(seminar, prompt)
    _join(seminar)

    log_in(page, seminar.newcomer)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name=re.compile(r"^Discussion of paragraph 2:")).click()
    assert page.url.endswith(f"?open={second.pk}#p-{second.pk}")
    discussion = page.get_by_role("region", name="Discussion of paragraph 2")
    prompt_section = discussion.locator(f"#prompt-{prompt.pk}")
    _expect_locked(discussion, prompt_section)

    prompt_section.get_by_label("Answer this prompt").fill(MY_ANSWER)
    prompt_section.get_by_role("button", name="Answer").click()
    mine = Comment.objects.get(author=seminar.newcomer)
    page.wait_for_url(re.compile(rf"\?open={second.pk}&thread={mine.pk}#c-{mine.pk}$"))
    discussion = page.get_by_role("region", name="Discussion of paragraph 2")
    _expect_unlocked(discussion, discussion.locator(f"#prompt-{prompt.pk}"))
    expect(page.locator(f"#count-{second.pk}")).to_have_text("3 comments")
    page.console_watch.assert_clean()
