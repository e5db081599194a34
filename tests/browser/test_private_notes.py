"""A student writes a private note beside a paragraph, on words they quote, from the Note control
its open discussion shows: inline with JavaScript, and as a plain form without it; at laptop
and phone widths, nothing sideways."""

import pytest
from playwright.sync_api import expect

from discussions.models import Note

from .screens import VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser


def write_note(page, paragraph, quote: str, body: str) -> None:
    """Open the paragraph's discussion, then the Note control at its end."""
    page.locator(f'[aria-controls="discussion-{paragraph.pk}"]').click()
    control = page.locator(f"#discussion-{paragraph.pk} .note-control")
    control.locator("summary").click()
    expect(control.get_by_text("Only you can see this note.")).to_be_visible()
    control.get_by_label("Words you are noting (optional)").fill(quote)
    control.get_by_label("Your note").fill(body)
    control.get_by_role("button", name="Save note").click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_private_note_with_javascript(page, live_server, seminar, log_in, viewport):
    paragraph = seminar.paragraphs[1]
    quote = paragraph.text.split()[1]
    log_in(page, seminar.classmate)
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(seminar.reading_url(live_server))
    page.console_watch.allow("status of 422")  # the quote not in the paragraph, on purpose
    write_note(page, paragraph, "words that are nowhere", "Lost?")
    control = page.locator(f"#discussion-{paragraph.pk} .note-control")
    expect(control.get_by_text("is not in paragraph 2")).to_be_visible()
    expect(control.get_by_label("Your note")).to_have_value("Lost?")
    expect(control.get_by_label("Words you are noting (optional)")).to_be_focused()
    control.get_by_label("Words you are noting (optional)").fill(quote)
    control.get_by_label("Your note").fill("Why *this* word?")
    control.get_by_role("button", name="Save note").click()
    # Saved: the note under its paragraph, the control closed and empty, focus on it again.
    note = page.locator(f"#notes-{paragraph.pk} .note")
    expect(control.locator("summary")).to_be_focused()
    expect(control.get_by_label("Your note")).to_be_hidden()
    expect(control.get_by_label("Your note")).to_have_value("")
    expect(note.locator("em")).to_have_text("this")
    expect(note.locator(".note-quote")).to_have_text(quote)
    expect(note.get_by_text("Your note — only you can see it")).to_be_visible()
    assert Note.objects.get().quote == quote
    assert_fits_width(page, f"private note ({viewport})")
    shoot(page, f"private-note-{viewport}")
    page.console_watch.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_private_note_without_javascript(
    page_without_javascript, live_server, seminar, log_in, viewport
):
    page = page_without_javascript
    paragraph = seminar.paragraphs[2]
    log_in(page, seminar.classmate)
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(seminar.reading_url(live_server))
    write_note(page, paragraph, "", "A note on the whole paragraph.")
    assert page.url.endswith(f"#{paragraph.anchor}")
    expect(page.locator(f"#notes-{paragraph.pk} .note")).to_contain_text(
        "A note on the whole paragraph."
    )
    assert_fits_width(page, f"private note without JavaScript ({viewport})")
    shoot(page, f"private-note-no-js-{viewport}")
    page.get_by_role("link", name="My notes").click()
    expect(page.get_by_text("A note on the whole paragraph.")).to_be_visible()
    assert_fits_width(page, f"my notes ({viewport})")
    shoot(page, f"my-notes-{viewport}")
