"""A reading with sub-headings on a phone, and staff posing a prompt from the button beside a
paragraph: inline with JavaScript, on the prompt page without it."""

import re

import pytest
from playwright.sync_api import expect

from articles.services import reading_revise
from discussions.models import Prompt
from tests.factories import UserFactory

from .screens import SMALL_TARGETS, assert_fits_width, shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADING = "Sharing the margin"
PROMPT = "What does a *shared* margin change for you?"


def add_heading(seminar):
    """The reading gains a sub-heading before its third paragraph."""
    reading = seminar.assignment.reading
    texts = [p.text for p in seminar.paragraphs]
    texts.insert(2, HEADING)
    kinds = ["paragraph"] * len(texts)
    kinds[2] = "heading"
    reading_revise(reading=reading, paragraphs=texts, kinds=kinds, editor=reading.owner)
    reading.refresh_from_db()
    return list(reading.current_paragraphs())


def test_staff_pose_a_prompt_inline_beside_a_paragraph_on_a_phone(
    page, live_server, seminar, log_in
):
    current = add_heading(seminar)
    second = current[1]
    log_in(page, seminar.instructor)
    page.set_viewport_size(PHONE)
    page.goto(seminar.reading_url(live_server))
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link", name=HEADING)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=HEADING)).to_be_visible()
    # Numbers skip the heading: the paragraph after it is the third.
    expect(page.locator(f"#{current[3].anchor} .paragraph-number")).to_have_text("3")
    assert_fits_width(page, "reading with headings")
    assert page.evaluate(SMALL_TARGETS) == []
    shoot(page, "headings-reading-phone")

    page.get_by_role("link", name="Pose a prompt on paragraph 2").click()
    slot = page.locator(f"#discussion-{second.pk}")
    body = slot.get_by_label("Prompt on paragraph 2")
    expect(body).to_be_focused()
    body.fill(PROMPT)
    slot.get_by_label("Students answer before they see classmates' answers").check()
    assert_fits_width(page, "inline prompt form")
    assert page.evaluate(SMALL_TARGETS) == []
    shoot(page, "prompt-inline-form-phone")
    slot.get_by_role("button", name="Post prompt").click()
    expect(slot.locator(".prompt-text em")).to_have_text("shared")
    prompt = Prompt.objects.get()
    assert (prompt.paragraph, prompt.post_first) == (second, True)
    expect(page.locator(f"#{prompt.anchor}")).to_be_visible()
    assert_fits_width(page, "prompt posted inline")
    shoot(page, "prompt-inline-posted-phone")
    page.console_watch.assert_clean()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_without_javascript_the_button_opens_the_prompt_page_with_its_paragraph(
    page_without_javascript, live_server, seminar, log_in, viewport
):
    page = page_without_javascript
    current = add_heading(seminar)
    fourth = current[4]
    log_in(page, seminar.instructor)
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    page.goto(seminar.reading_url(live_server))
    shoot(page, f"headings-reading-{viewport}")
    page.get_by_role("link", name="Pose a prompt on paragraph 4").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pose a prompt on “On Reading Slowly”"
    )
    chosen = page.get_by_role("radio", name=re.compile(r"^¶ 4 — There are risks\."))
    expect(chosen).to_be_checked()
    # The whole first sentence names the paragraph, not a snippet cut mid-word.
    expect(page.get_by_text("¶ 4 — There are risks. …", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile(HEADING))).to_have_count(0)
    assert_fits_width(page, "prompt page")
    assert page.evaluate(SMALL_TARGETS) == []
    shoot(page, f"prompt-page-{viewport}")
    page.get_by_label("Prompt", exact=True).fill(PROMPT)
    page.get_by_role("button", name="Post prompt").click()
    prompt = Prompt.objects.get()
    page.wait_for_url(re.compile(rf"\?open={fourth.pk}#{prompt.anchor}$"))
    expect(page.locator(f"#{prompt.anchor} .prompt-text em")).to_have_text("shared")


WATER_CYCLE = (
    "The Water Cycle\n\n"
    "Water moves between the oceans, the air and the land in a cycle that never stops.\n\n"
    "Evaporation\n\n"
    "The sun warms the sea and some of the water rises into the air as vapour we cannot see.\n\n"
    "Rain\n\n"
    "Clouds form when the vapour cools high above the ground, and then it rains on the hills."
)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_preview_marks_headings_and_a_teacher_toggles_one(
    page, live_server, transactional_db, log_in, viewport
):
    teacher = UserFactory(username="rivera", display_name="Marisol Rivera", may_teach=True)
    log_in(page, teacher)
    page.set_viewport_size(PHONE if viewport == "phone" else {"width": 1366, "height": 768})
    page.goto(live_server.url + "/readings/import/")
    page.get_by_label("Or paste the text").fill(WATER_CYCLE)
    page.get_by_role("button", name="Preview").click()
    blocks = page.locator(".draft-block")
    heading_box = blocks.nth(2).get_by_label("Heading")
    expect(heading_box).to_be_checked()
    expect(blocks.nth(2).locator(".block-number")).to_have_text("Heading")
    expect(blocks.nth(3).locator(".block-number")).to_have_text("¶ 2")
    assert_fits_width(page, "import preview")
    assert page.evaluate(SMALL_TARGETS) == []
    shoot(page, f"headings-preview-{viewport}")
    # "Rain" sat between two paragraphs too; the teacher makes it a paragraph.
    rain = blocks.nth(4).get_by_label("Heading")
    expect(rain).to_be_checked()
    rain.uncheck()
    page.get_by_role("button", name="Save draft, keep checking").click()
    expect(page.locator(".draft-block").nth(4).locator(".block-number")).to_have_text("¶ 3")
    page.get_by_role("button", name="Save reading").click()
    page.wait_for_url(re.compile(r"/readings/\d+/$"))
    expect(page.get_by_role("heading", level=2, name="Evaporation")).to_be_visible()
    page.console_watch.assert_clean()
