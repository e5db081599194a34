"""A comment with formulas and code, written through the reading page: the formulas are laid
out as mathematics by the browser itself (MathML, no script), the code keeps its spacing, and on
a phone a long code line or a wide formula scrolls inside its frame while the page does not."""

import pytest
from playwright.sync_api import expect

from discussions.models import Comment

from .screens import SCREENSHOTS, VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser

LONG_LINE = "totals = [sum(row) for row in table]  # " + "and one more column " * 12
WIDE_SUM = " + ".join(f"x_{{{index}}}^{{2}}" for index in range(1, 30))
BODY = (
    "If the share is $\\frac{a}{b}$, then it costs $5 and $10 at most.\n\n"
    f"$${WIDE_SUM}$$\n\n"
    "```\n"
    f"{LONG_LINE}\n"
    "    indented = True\n"
    "```\n\n"
    "And $\\frac{a$ was a typo."
)

# Each box of a fraction's two parts, and whether code and display formula scroll in their frame.
MEASURE = """(comment) => {
  const fraction = comment.querySelector("mfrac");
  const [top, bottom] = [...fraction.children].map((part) => part.getBoundingClientRect());
  const pre = comment.querySelector("pre");
  const display = comment.querySelector('math[display="block"]');
  return {
    numeratorAbove: top.bottom <= bottom.top + 1,
    preScrolls: pre.scrollWidth > pre.clientWidth,
    preFits: pre.getBoundingClientRect().right <= window.innerWidth,
    displayScrolls: display.scrollWidth > display.clientWidth,
    displayFits: display.getBoundingClientRect().right <= window.innerWidth,
    whiteSpace: getComputedStyle(pre).whiteSpace,
    code: pre.innerText,
  };
}"""


@pytest.mark.parametrize("size", VIEWPORTS)
def test_formulas_and_code_in_a_comment(page, live_server, seminar, log_in, size):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.classmate)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    box = discussion.get_by_label("Start a thread on paragraph 3")
    expect(box).to_have_accessible_description(
        "Markdown works: **bold**, *italic*, > quote, - list, [link](https://…), `code`, "
        "and math between dollar signs: $x^2$ in a line, $$\\frac{a}{b}$$ on its own."
    )
    box.fill(BODY)
    discussion.get_by_role("button", name="Post").click()

    expect(discussion).to_contain_text("at most.")
    comment = Comment.objects.get(author=seminar.classmate, body=BODY)
    text = page.locator(f"#c-{comment.pk} .comment-text")
    expect(text).to_contain_text("then it costs $5 and $10 at most.")
    expect(text.locator("math")).to_have_count(2)
    expect(text.locator("code").last).to_have_text("$\\frac{a$")
    expect(text).to_contain_text("(formula could not be read) was a typo.")

    measured = text.evaluate(MEASURE)
    assert measured["numeratorAbove"], "the fraction is not laid out as one"
    assert measured["whiteSpace"] == "pre"
    assert measured["code"] == f"{LONG_LINE}\n    indented = True\n"
    assert measured["preFits"] and measured["displayFits"]
    if size == "phone":
        assert measured["preScrolls"], "the long code line should scroll inside its frame"
        assert measured["displayScrolls"], "the wide formula should scroll inside its frame"
    assert_fits_width(page, f"a comment with formulas and code at {width}px")
    shoot(page, f"formulas-and-code-{size}")
    text.screenshot(path=SCREENSHOTS / f"formulas-and-code-{size}-comment.png")
    page.console_watch.assert_clean()
