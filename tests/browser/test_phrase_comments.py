"""Commenting on a phrase in the browser: choosing words with the mouse, with the keyboard
only, or typing them with JavaScript off; the marks on a right-to-left reading. Screenshots go
to screenshots/phrase-*.png."""

import re

import pytest
from playwright.sync_api import expect

from discussions.models import Comment
from discussions.reading.phrases import Phrase
from discussions.reading.services import comment_create

from .conftest import open_page
from .screens import SCREENSHOTS, VIEWPORTS
from .test_keyboard import tab_to, walk_paragraphs
from .test_right_to_left import arabic_assignment  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

# In the first paragraph, after its Markdown emphasis (*stopping*): the page and the source
# count differently there.
AFTER_EMPHASIS = "where a sentence pushes back"

# The rectangle of some words of a paragraph, found as a reader's eyes would find them, across
# the elements (emphasis, links) they may run through.
WORDS_BOX = """([id, words]) => {
  const root = document.getElementById(id);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let shown = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, shown.length]);
    shown += walker.currentNode.data;
  }
  const at = shown.indexOf(words);
  if (at === -1) return null;
  const place = (offset, after) => {
    const [node, from] = nodes.find(([node, from]) =>
      after ? offset <= from + node.data.length : offset < from + node.data.length);
    return [node, offset - from];
  };
  const range = document.createRange();
  range.setStart(...place(at, false));
  range.setEnd(...place(at + words.length, true));
  const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
  const first = rects[0], last = rects[rects.length - 1];
  return {x0: first.left + 1, y0: first.top + first.height / 2,
          x1: last.right - 1, y1: last.top + last.height / 2};
}"""


def shoot_phrase_control(page, name: str) -> None:
    """The window as it is, the control showing, in the light and the dark theme."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        page.screenshot(path=SCREENSHOTS / f"phrase-control-{name}-{theme}.png")
    page.emulate_media(color_scheme="light")


def select_with_mouse(page, text_id: str, words: str) -> None:
    # A mouse only reaches what is on screen: on a phone the paragraph starts below the fold.
    page.locator(f"#{text_id}").scroll_into_view_if_needed()
    box = page.evaluate(WORDS_BOX, [text_id, words])
    assert box, f"{words!r} is not in #{text_id}"
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_select_a_phrase_with_the_mouse_and_comment_on_it(page, live_server, seminar, log_in, size):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    paragraph = seminar.paragraphs[0]
    select_with_mouse(page, f"text-{paragraph.pk}", AFTER_EMPHASIS)
    control = page.get_by_role("button", name="Comment on this phrase")
    expect(control).to_be_visible()
    control.scroll_into_view_if_needed()
    shoot_phrase_control(page, f"mouse-{width}")
    control.click()

    form = page.locator(f"#thread-form-{paragraph.pk}")
    expect(form.locator("[data-chosen-phrase]")).to_have_text(AFTER_EMPHASIS)
    expect(form.get_by_label("Quote (optional)")).to_have_value(AFTER_EMPHASIS)
    body = page.get_by_label("Start a thread on paragraph 1")
    expect(body).to_be_focused()
    body.fill("Which sentences push back hardest?")
    form.get_by_role("button", name="Post").click()

    expect(page.locator(".comment-text", has_text="Which sentences push back")).to_be_visible()
    comment = Comment.objects.get(body="Which sentences push back hardest?")
    at = paragraph.text.index(AFTER_EMPHASIS)
    assert (comment.quote, comment.quote_start) == (AFTER_EMPHASIS, at)
    # The new thread shows its phrase, and the paragraph marks it without a reload.
    expect(page.locator(f"#c-{comment.pk}-body .thread-quote")).to_contain_text(AFTER_EMPHASIS)
    mark = page.locator(f"#text-{paragraph.pk} mark.phrase")
    expect(mark).to_have_text(AFTER_EMPHASIS)
    page.locator(f"#text-{paragraph.pk}").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"phrase-mouse-{size}.png", full_page=False)
    page.console_watch.assert_clean()


def test_a_selection_across_emphasis_quotes_the_words_as_shown(page, live_server, seminar, log_in):
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    paragraph = seminar.paragraphs[0]
    shown = "a matter of stopping — of noticing"
    written = "a matter of *stopping* — of noticing"
    select_with_mouse(page, f"text-{paragraph.pk}", shown)
    page.get_by_role("button", name="Comment on this phrase").click()
    form = page.locator(f"#thread-form-{paragraph.pk}")
    expect(form.get_by_label("Quote (optional)")).to_have_value(shown)
    page.get_by_label("Start a thread on paragraph 1").fill("Is stopping the same as noticing?")
    form.get_by_role("button", name="Post").click()

    marks = page.locator(f"#text-{paragraph.pk} mark.phrase")
    expect(marks).to_have_text(["a matter of ", "stopping", " — of noticing"])
    comment = Comment.objects.get(body="Is stopping the same as noticing?")
    at = paragraph.text.index(written)
    assert (comment.quote, comment.quote_start, comment.quote_end) == (
        shown,
        at,
        at + len(written),
    )
    expect(page.locator(f"#c-{comment.pk}-body .thread-quote")).to_have_text(f"on “{shown}”")
    page.console_watch.assert_clean()


def test_choose_a_phrase_and_comment_by_keyboard_only(page, live_server, seminar, log_in):
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    first, paragraph = seminar.paragraphs[:2]
    text_id = f"text-{paragraph.pk}"
    toggle = f'[aria-controls="discussion-{paragraph.pk}"]'
    # The paragraph's words are no stop of their own: Tab goes from toggle to toggle.
    tab_to(page, f'[aria-controls="discussion-{first.pk}"]')
    assert walk_paragraphs(page, seminar.paragraphs[:2]) == [toggle]
    page.keyboard.press("Enter")
    expect(page.locator(toggle)).to_have_attribute("aria-expanded", "true")
    select = page.get_by_role("button", name="Select words with the keyboard")
    tab_to(page, "[data-select-words]")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{text_id}")).to_be_focused()
    # Escape goes back to the button; the button comes back to the start of the words.
    page.keyboard.press("Escape")
    expect(select).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{text_id}")).to_be_focused()
    # "Marginal notes": two words, a word at a time.
    page.keyboard.press("Control+Shift+ArrowRight")
    page.keyboard.press("Control+Shift+ArrowRight")
    # Both key presses have moved the selection before the control is used: on a loaded
    # machine the control shows after the first word already.
    page.wait_for_function("String(getSelection()).trim() === 'Marginal notes'")
    control = page.get_by_role("button", name="Comment on this phrase")
    expect(control).to_be_visible()
    shoot_phrase_control(page, "keyboard-1366")
    page.keyboard.press("Tab")
    expect(control).to_be_focused()
    page.keyboard.press("Enter")
    body = page.get_by_label("Start a thread on paragraph 2")
    expect(body).to_be_focused()
    expect(page.get_by_label("Quote (optional)")).to_have_value("Marginal notes")
    page.keyboard.type("Are margins notes to oneself or to others?")
    page.keyboard.press("Tab")  # the label
    page.keyboard.press("Tab")  # Post
    page.keyboard.press("Enter")
    expect(page.locator(f"#{text_id} mark.phrase")).to_have_text("Marginal notes")
    expect(page.locator(".comment-text", has_text="Are margins notes")).to_be_visible()
    comment = Comment.objects.get(body="Are margins notes to oneself or to others?")
    assert (comment.quote, comment.quote_start, comment.quote_end) == ("Marginal notes", 0, 14)
    page.console_watch.assert_clean()


# A long press selects words on a phone; Chromium driven from here cannot make one, so the
# finger touches the words and the selection is then set where the long press would set it.
SELECT_WORDS = """([id, words]) => {
  const root = document.getElementById(id);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf(words);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(walker.currentNode, at);
    range.setEnd(walker.currentNode, at + words.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    const lines = range.getClientRects();
    return lines[lines.length - 1].bottom;
  }
  return null;
}"""


def test_select_a_phrase_on_a_touch_screen_and_comment_on_it(
    browser, request, live_server, seminar, log_in
):
    page = open_page(
        browser,
        request,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    paragraph = seminar.paragraphs[3]
    words = "an early, confident comment can set the terms"
    text = page.locator(f"#text-{paragraph.pk}")
    text.scroll_into_view_if_needed()
    text.tap(position={"x": 20, "y": 40})
    selection_bottom = page.evaluate(SELECT_WORDS, [f"text-{paragraph.pk}", words])
    assert selection_bottom is not None
    control = page.get_by_role("button", name="Comment on this phrase")
    expect(control).to_be_visible()
    # Below the selection and its handles, where the system's menu (above it) does not reach,
    # and on screen, with nothing of the page over it.
    box = control.bounding_box()
    assert selection_bottom + 20 <= box["y"] <= selection_bottom + 48, (box, selection_bottom)
    assert box["y"] + box["height"] <= 844
    assert (
        page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('button')?.textContent",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        == "Comment on this phrase"
    )
    shoot_phrase_control(page, "touch-390")
    control.tap()

    form = page.locator(f"#thread-form-{paragraph.pk}")
    expect(form.locator("[data-chosen-phrase]")).to_have_text(words)
    body = page.get_by_label("Start a thread on paragraph 4")
    expect(body).to_be_focused()
    body.fill("Does the first comment always win?")
    form.get_by_role("button", name="Post").tap()
    expect(page.locator(f"#text-{paragraph.pk} mark.phrase")).to_have_text(words)
    comment = Comment.objects.get(body="Does the first comment always win?")
    at = paragraph.text.index(words)
    assert (comment.quote, comment.quote_start, comment.quote_end) == (words, at, at + len(words))
    page.console_watch.assert_clean()


def test_the_quote_field_works_without_javascript(
    page_without_javascript, live_server, seminar, log_in
):
    page = page_without_javascript
    log_in(page, seminar.classmate)
    paragraph = seminar.paragraphs[2]
    page.goto(seminar.reading_url(live_server) + f"?open={paragraph.pk}#{paragraph.anchor}")
    form = page.locator(f"#thread-form-{paragraph.pk}")
    form.get_by_label("Quote (optional)").fill("the margin is shared by forty people")
    form.get_by_label("Start a thread on paragraph 3").fill("Does the size of the class matter?")
    form.get_by_role("button", name="Post").click()
    # Not in the paragraph: said plainly, and nothing written is lost.
    expect(page.get_by_text("That phrase is not in this paragraph.")).to_be_visible()
    quote = page.get_by_label("Quote (optional)")
    expect(quote).to_have_value("the margin is shared by forty people")
    expect(page.get_by_label("Start a thread on paragraph 3")).to_have_value(
        "Does the size of the class matter?"
    )
    quote.fill("the margin is shared by thirty people")
    page.get_by_role("button", name="Post").click()
    expect(page.locator(".comment-text", has_text="Does the size")).to_be_visible()
    comment = Comment.objects.get(body="Does the size of the class matter?")
    assert comment.quote == "the margin is shared by thirty people"
    mark = page.locator(f"#text-{paragraph.pk} mark.phrase")
    expect(mark).to_have_text("the margin is shared by thirty people")
    link = page.locator(f"#text-{paragraph.pk} a.phrase-threads")
    expect(link).to_have_attribute("href", re.compile(rf"#c-{comment.pk}$"))
    expect(page.locator(f"#c-{comment.pk}-body .thread-quote")).to_be_visible()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_marks_on_an_arabic_reading_sit_on_their_words(
    page,
    live_server,
    seminar,
    arabic_assignment,  # noqa: F811  (the fixture imported above)
    log_in,
    size,
):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    first = arabic_assignment.reading.current_paragraphs()[0]
    words = " ".join(first.text.split()[2:5])
    comment_create(
        author=seminar.classmate,
        assignment=arabic_assignment,
        paragraph=first,
        body="What do these words say of the clashes?",
        phrase=Phrase(exact=words),
    )
    log_in(page, seminar.classmate)
    page.goto(live_server.url + arabic_assignment.get_absolute_url())
    text = page.locator(f"#text-{first.pk}")
    mark = text.locator("mark.phrase")
    expect(mark).to_have_text(words)
    assert mark.evaluate("element => getComputedStyle(element).direction") == "rtl"
    text_box, mark_box = text.bounding_box(), mark.bounding_box()
    assert text_box["x"] - 1 <= mark_box["x"]
    assert mark_box["x"] + mark_box["width"] <= text_box["x"] + text_box["width"] + 1
    count = text.locator("a.phrase-threads")
    expect(count).to_have_accessible_name(re.compile("1 thread on these words"))
    text.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"phrase-rtl-{size}.png", full_page=False)
    page.console_watch.assert_clean()
