"""The main pages at laptop and phone widths: screenshots to look at, nothing spilling out."""

from itertools import pairwise

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from classroom.models import Course

from .conftest import open_page
from .screens import SCREENSHOTS, VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser


def _box(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    return {**box, "bottom": box["y"] + box["height"], "right": box["x"] + box["width"]}


def _assert_discussion_beside_paragraph(page, seminar) -> None:
    """On a wide screen the open discussion sits in the margin and the text reads on."""
    third, fourth = seminar.paragraphs[2], seminar.paragraphs[3]
    text = _box(page, f"#p-{third.pk} .paragraph-body")
    discussion = _box(page, f"#discussion-{third.pk} .discussion")
    next_paragraph = _box(page, f"#p-{fourth.pk}")
    assert discussion["x"] >= text["right"], "the discussion covers the paragraph"
    gap = next_paragraph["y"] - text["bottom"]
    assert gap < 48, f"the open discussion pushes paragraph 4 down, leaving {gap:.0f}px blank"


@pytest.mark.parametrize("size", VIEWPORTS)
def test_reading_with_an_open_discussion_and_reply_form(page, live_server, seminar, log_in, size):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    reply_to = page.locator(f"#c-{seminar.instructor_reply.pk}-body")
    reply_to.get_by_role("link", name="Reply", exact=True).click()
    reply_box = page.get_by_label("Reply to Ruth Castillo")
    expect(reply_box).to_be_focused()
    reply_box.fill("Paragraph 4 says a loud margin can drown the text: is that what you meant?")

    box = reply_box.bounding_box()
    assert box["width"] >= min(240, width * 0.6), "the reply box is too narrow to write in"
    assert_fits_width(page, f"the reading page at {width}px")
    if size == "desktop":
        _assert_discussion_beside_paragraph(page, seminar)
    shoot(page, f"reading-{size}")
    page.get_by_role("region", name="Discussion of paragraph 3").screenshot(
        path=SCREENSHOTS / f"reading-{size}-discussion.png"
    )
    page.console_watch.assert_clean()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_course_and_home_pages(page, live_server, seminar, log_in, size):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.classmate)
    expect(page.get_by_role("heading", name="Join a course")).to_be_visible()
    assert_fits_width(page, f"the home page at {width}px")
    shoot(page, f"home-{size}")

    page.get_by_role("link", name="Reading Closely").click()
    expect(page.get_by_role("link", name="On Reading Slowly")).to_be_visible()
    assert_fits_width(page, f"the course page at {width}px")
    shoot(page, f"course-{size}")

    log_in(page, seminar.instructor)
    page.goto(live_server.url + seminar.course.get_absolute_url())
    page.get_by_text("1 of 1 student commented").click()
    expect(page.get_by_text("Ben Lindqvist — Commented")).to_be_visible()
    assert_fits_width(page, f"the instructor's course page at {width}px")
    shoot(page, f"course-instructor-{size}")
    page.console_watch.assert_clean()


def test_all_discussions_open_stack_without_overlapping(page, live_server, seminar, log_in):
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server) + "?all=1")
    expect(page.get_by_role("link", name="Collapse all discussions")).to_be_visible()
    discussions = page.locator(".discussion")
    expect(discussions).to_have_count(len(seminar.paragraphs))
    boxes = [discussion.bounding_box() for discussion in discussions.all()]
    for above, below in pairwise(boxes):
        assert below["y"] >= above["y"] + above["height"], "two open discussions overlap"
    assert_fits_width(page, "the reading page with every discussion open")
    shoot(page, "reading-all-desktop")
    page.console_watch.assert_clean()


def test_opening_a_discussion_moves_no_text(page, live_server, seminar, log_in):
    """Beside the text on a wide screen: not one paragraph moves when a discussion opens, nor
    when its reply box opens. On a phone it opens below, and nothing above it moves."""
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    paragraphs = page.locator(".paragraph-body")

    def tops() -> list[float]:
        """Where each paragraph starts on the page (not in the window, which may scroll)."""
        return paragraphs.evaluate_all(
            "all => all.map(p => Math.round(p.getBoundingClientRect().top + window.scrollY))"
        )

    before = tops()
    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    expect(discussion).to_be_visible()
    assert tops() == before, "opening the discussion moved the reading text"
    discussion.get_by_role("link", name="Reply", exact=True).first.click()
    expect(page.get_by_label("Reply to Ben Lindqvist")).to_be_focused()
    assert tops() == before, "opening the reply box moved the reading text"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(seminar.reading_url(live_server))
    toggle = page.get_by_role("link", name="Discussion of paragraph 3: 2 comments")
    place = "e => Math.round(e.getBoundingClientRect().top + window.scrollY)"
    above = toggle.evaluate(place)
    toggle.click()
    expect(page.get_by_role("region", name="Discussion of paragraph 3")).to_be_visible()
    assert toggle.evaluate(place) == above, "opening the discussion moved what was above it"
    page.console_watch.assert_clean()


def _assert_checkboxes_beside_their_labels(page, what: str) -> None:
    """A checkbox sits at the start of its label's line, not centred under it."""
    for checkbox in page.locator("input[type=checkbox]:visible").all():
        box = checkbox.bounding_box()
        label = page.locator(f"label[for='{checkbox.get_attribute('id')}']")
        text = label.evaluate(
            """label => {
              const range = document.createRange();
              range.selectNodeContents(label);
              const rects = [...range.getClientRects()].filter(r => r.width > 0);
              return {left: Math.min(...rects.map(r => r.left)), top: rects[0].top,
                      bottom: rects[0].bottom};
            }"""
        )
        middle = box["y"] + box["height"] / 2
        assert text["top"] <= middle <= text["bottom"], (
            f"{what}: a checkbox is not on its label's line"
        )
        assert box["x"] <= text["left"] + 1, f"{what}: a checkbox is not at the start of its label"
        assert box["width"] < 40, f"{what}: a checkbox is stretched to {box['width']:.0f}px"


@pytest.mark.parametrize("size", VIEWPORTS)
def test_prompt_and_course_settings_forms(page, live_server, seminar, log_in, size):
    """The paragraph picker's long openings and the course settings' long choices stay inside
    the window, and each checkbox sits beside its label."""
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.instructor)
    course, assignment = seminar.course, seminar.assignment
    page.goto(
        live_server.url + reverse("discussions:prompt_new", args=[course.slug, assignment.pk])
    )
    picker = page.get_by_role("group", name="Where")
    picker.get_by_role("radio").last.check()
    assert_fits_width(page, f"the prompt form at {width}px")
    form = page.locator("main form").bounding_box()
    assert picker.bounding_box()["width"] <= form["width"] + 0.5
    _assert_checkboxes_beside_their_labels(page, f"the prompt form at {width}px")
    shoot(page, f"prompt-form-{size}")

    page.goto(live_server.url + reverse("classroom:course_settings", args=[course.slug]))
    assert_fits_width(page, f"the course settings at {width}px")
    shoot(page, f"course-settings-{size}")
    page.console_watch.assert_clean()


# Where an inline separator (a middle dot between items, an angle quote between crumbs) sits at
# the end of a line, cut off from the item it introduces. Separators are text or a ::before of
# the item they introduce; either way the next character must be on the separator's line.
STRAY_SEPARATORS = """() => {
  const SEPARATORS = /[·›]/;
  const main = document.querySelector("main");
  const shown = (rect) => rect && rect.width > 0 && rect.height > 0;
  const charRect = (node, index) => {
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + 1);
    return [...range.getClientRects()].find(shown);
  };
  // The first visible character at or after `index` in `node`, then in the text after it.
  const nextCharRect = (walker, node, index) => {
    for (let current = node, at = index; current; current = walker.nextNode(), at = 0) {
      if (current.parentElement.closest(".visually-hidden")) continue;
      const text = current.data;
      for (let i = at; i < text.length; i++) {
        if (/\\s/.test(text[i])) continue;
        const rect = charRect(current, i);
        if (rect) return rect;
      }
    }
    return null;
  };
  const stray = [];
  const describe = (element) => (element.innerText || "").trim().slice(0, 50);
  const textWalker = () => document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const walker = textWalker();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!SEPARATORS.test(node.data) || node.parentElement.closest(".visually-hidden")) continue;
    [...node.data].forEach((character, index) => {
      if (!SEPARATORS.test(character)) return;
      const separator = charRect(node, index);
      if (!separator) return;
      const follower = textWalker();
      follower.currentNode = node;
      const next = nextCharRect(follower, node, index + 1);
      if (next && next.top >= separator.bottom - 1) {
        stray.push(`"${character}" ends a line before "${describe(node.parentElement)}"`);
      }
    });
  }
  for (const element of main.querySelectorAll("*")) {
    const content = getComputedStyle(element, "::before").content;
    if (!SEPARATORS.test(content)) continue;
    const first = [...element.getClientRects()].find(shown);
    const inner = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const next = nextCharRect(inner, inner.nextNode(), 0);
    if (first && next && next.top - first.top > next.height * 1.5) {
      stray.push(`${content} ends a line before "${describe(element)}"`);
    }
  }
  return stray;
}"""

# Crumbs that break inside themselves although they would fit on a line of their own.
SPLIT_CRUMBS = """() => [...document.querySelectorAll(".breadcrumb a")].filter((crumb) => {
  const range = document.createRange();
  range.selectNodeContents(crumb);
  const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
    .map((r) => Math.round(r.top)));
  // A crumb too long for any line starts a line of its own and wraps inside; any other
  // crumb that breaks should have gone to the next line whole.
  const lineStart = crumb.closest(".breadcrumb").getBoundingClientRect().left;
  const starts = [...range.getClientRects()].filter((r) => r.width > 0)[0];
  return tops.size > 1 && starts && starts.left > lineStart + 24;
}).map((crumb) => crumb.innerText)"""


@pytest.mark.parametrize("size", VIEWPORTS)
def test_separators_and_breadcrumbs_never_end_a_line_alone(
    page, live_server, seminar, log_in, size
):
    """Long names make the inline lists and the breadcrumbs wrap: a separator must go to the
    next line with the item it introduces, and a crumb stays whole."""
    width, height = VIEWPORTS[size]
    course, assignment = seminar.course, seminar.assignment
    course.title = "Reading Closely: Essays on Attention, Margins and Slow Reading"
    course.save(update_fields=["title"])
    assignment.reading.title = "On Reading Slowly, and Why the Margins of a Page Matter"
    assignment.reading.save(update_fields=["title"])
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.instructor)
    pages = {
        "reading": assignment.get_absolute_url(),
        "participation": reverse("discussions:participation", args=[course.slug, assignment.pk]),
        "rubric": reverse("discussions:participation_rubric", args=[course.slug, assignment.pk]),
        "activity": reverse("discussions:activity", args=[course.slug, assignment.pk]),
        "student": reverse(
            "discussions:participation_student",
            args=[course.slug, assignment.pk, seminar.classmate.pk],
        ),
        "history": reverse("discussions:comment_history", args=[seminar.classmate_comment.pk]),
        "queue": reverse("discussions:moderation_queue", args=[course.slug]),
        "audit": reverse("discussions:audit", args=[course.slug]),
        "gradebook": reverse("discussions:gradebook", args=[course.slug]),
        "roster": reverse("classroom:roster", args=[course.slug]),
        "watched-words": reverse("discussions:watched_words", args=[course.slug]),
        "notices": reverse("discussions:notices"),
    }
    problems = []
    for name, url in pages.items():
        page.goto(live_server.url + url)
        problems += [f"{name} at {width}px: {stray}" for stray in page.evaluate(STRAY_SEPARATORS)]
        problems += [f"{name} at {width}px: crumb split: {c}" for c in page.evaluate(SPLIT_CRUMBS)]
        assert_fits_width(page, f"the {name} page at {width}px")
    page.goto(live_server.url + pages["participation"])
    shoot(page, f"breadcrumbs-participation-{size}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["participation", "participation_rubric", "gradebook"])
def test_participation_pages_are_as_wide_as_the_header(page, live_server, seminar, log_in, name):
    page.set_viewport_size({"width": 1920, "height": 1000})
    log_in(page, seminar.instructor)
    course_only = name == "gradebook"
    args = [seminar.course.slug] if course_only else [seminar.course.slug, seminar.assignment.pk]
    page.goto(live_server.url + reverse(f"discussions:{name}", args=args))
    header = _box(page, ".site-nav")
    main = _box(page, "main")
    assert abs(main["x"] - header["x"]) <= 1 and abs(main["right"] - header["right"]) <= 1, (
        f"the page runs {main['x']:.0f}–{main['right']:.0f}px, "
        f"the header {header['x']:.0f}–{header['right']:.0f}px"
    )


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_new_course_takes_the_browsers_time_zone(
    browser, request, live_server, seminar, log_in, size
):
    """A teacher in Chicago starts a course: the zone is already chosen, and it is saved."""
    width, height = VIEWPORTS[size]
    page = open_page(
        browser, request, viewport={"width": width, "height": height}, timezone_id="America/Chicago"
    )
    log_in(page, seminar.instructor)
    page.goto(live_server.url + reverse("classroom:course_new"))
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("America/Chicago")
    assert_fits_width(page, f"the new course form at {width}px")
    shoot(page, f"course-new-{size}")
    page.get_by_label("Course title").fill("Poetry Workshop")
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("heading", name="Poetry Workshop")).to_be_visible()
    assert Course.objects.get(title="Poetry Workshop").time_zone == "America/Chicago"
    page.console_watch.assert_clean()


def test_without_javascript_a_new_course_asks_for_its_time_zone(
    page_without_javascript, live_server, seminar, log_in
):
    page = page_without_javascript
    log_in(page, seminar.instructor)
    page.goto(live_server.url + reverse("classroom:course_new"))
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("")
    page.get_by_label("Course title").fill("Poetry Workshop")
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_text("Choose a time zone from the list.")).to_be_visible()
    page.get_by_label("Time zone").select_option("Europe/Madrid")
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("heading", name="Poetry Workshop")).to_be_visible()
    assert Course.objects.get(title="Poetry Workshop").time_zone == "Europe/Madrid"


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_assignment_form_says_dates_in_words_and_changes_the_zone_keeping_them(
    page, live_server, seminar, log_in, size
):
    """A mistake keeps the dates said in words; changing the course's zone from the form
    comes back to it with everything typed still there."""
    width, height = VIEWPORTS[size]
    course = seminar.course
    course.time_zone = "America/New_York"
    course.save(update_fields=["time_zone"])
    page.set_viewport_size({"width": width, "height": height})
    page.console_watch.allow("status of 422")  # the form's answer to the mistake
    log_in(page, seminar.instructor)
    page.goto(live_server.url + reverse("classroom:assignment_new", args=[course.slug]))
    page.get_by_label("Instructions").fill("Mark one claim you doubt.")
    page.get_by_label("Due", exact=True).fill("2026-12-11T23:59")
    page.get_by_label("Locks", exact=True).fill("2026-12-10T09:00")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Due Friday 11 December 2026, 23:59, New York time.")).to_be_visible()
    assert_fits_width(page, f"the assignment form at {width}px")
    page.locator("fieldset", has_text="Dates").scroll_into_view_if_needed()
    shoot(page, f"assignment-form-{size}")

    page.get_by_label("Locks", exact=True).fill("")
    page.get_by_role("button", name="Change the course's time zone").click()
    expect(page.get_by_role("heading", name="Course settings")).to_be_visible()
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_label("Instructions")).to_have_value("Mark one claim you doubt.")
    expect(page.get_by_label("Due", exact=True)).to_have_value("2026-12-11T23:59")
    expect(page.get_by_text("Due Friday 11 December 2026, 23:59, Paris time.")).to_be_visible()
    page.console_watch.assert_clean()
