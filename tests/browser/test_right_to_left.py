"""Right to left in the browser: the Arabic corpus page, imported through the real pipeline and
assigned, reads right to left with its layout mirrored; comments in either script keep their
own direction (`dir="auto"`), on an Arabic page and on an English one. Screenshots go to
screenshots/rtl-*.png."""

import re

import pytest
from playwright.sync_api import expect

from articles.importing import extract_reading
from articles.services import draft_create, draft_publish
from articles.tests.corpus_scoring import CORPUS_DIR
from classroom.assignments.services import assignment_create
from classroom.models import Role
from discussions.models import Comment
from tests.factories import CourseFactory, MembershipFactory, UserFactory

from .screens import SCREENSHOTS

pytestmark = pytest.mark.browser

ARABIC_PAGE = CORPUS_DIR / "articles" / "cnn-arabic-syria-clashes" / "source.html"
LATIN_COMMENT = "Who holds the depots near «قلدون» now — the brigades from paragraph 1?"
ARABIC_COMMENT = "أظن أن الهامش المشترك يجعلنا أكثر حذرًا، لا أقل صدقًا."
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def arabic_assignment(transactional_db, seminar):
    if not ARABIC_PAGE.is_file():
        pytest.skip(f"corpus page not found at {ARABIC_PAGE}")
    teacher = UserFactory(username="haddad", display_name="Layla Haddad")
    course = CourseFactory(title="Media Arabic", slug="media-arabic", created_by=teacher)
    MembershipFactory(user=teacher, course=course, role=Role.INSTRUCTOR)
    MembershipFactory(user=seminar.classmate, course=course, role=Role.STUDENT)
    imported = extract_reading(data=ARABIC_PAGE.read_bytes(), filename="source.html")
    reading = draft_publish(draft=draft_create(owner=teacher, imported=imported))
    return assignment_create(course=course, reading=reading, created_by=teacher)


def _box(locator) -> dict:
    box = locator.bounding_box()
    return {**box, "right": box["x"] + box["width"]}


def _direction(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


def _post(page, number: int, text: str) -> Comment:
    """Open a paragraph's discussion and start a thread there, inline."""
    page.get_by_role("link", name=re.compile(rf"^Discussion of paragraph {number}:")).click()
    page.get_by_label(f"Start a thread on paragraph {number}").fill(text)
    page.get_by_role("button", name="Post").click()
    expect(page.locator(".comment-text").filter(has_text=text)).to_be_visible()
    comment = Comment.objects.get(body=text)
    expect(page.locator(f"#c-{comment.pk}-body")).to_be_focused()
    return comment


@pytest.mark.parametrize("size", VIEWPORTS)
def test_an_arabic_reading_mirrors_and_comments_keep_their_direction(
    page, live_server, seminar, arabic_assignment, log_in, size
):
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, seminar.classmate)
    page.goto(live_server.url + arabic_assignment.get_absolute_url())

    article = page.locator("article.reading")
    expect(article).to_have_attribute("dir", "rtl")
    expect(article).to_have_attribute("lang", "ar")
    assert _direction(article) == "rtl"
    first = arabic_assignment.reading.current_paragraphs()[0]
    text = page.locator(f"#{first.anchor} .paragraph-text")
    number = page.locator(f"#{first.anchor} .paragraph-number")
    # Mirrored: the paragraph number and the activity bar sit on the right, text aligns right.
    assert text.evaluate("element => getComputedStyle(element).textAlign") in ("start", "right")
    body = page.locator(f"#{first.anchor} .paragraph-body")
    bar = body.evaluate("element => getComputedStyle(element).borderRightWidth")
    assert bar == "4px", "the activity bar is not on the right-hand (start) side"
    if size == "desktop":
        assert _box(number)["x"] >= _box(text)["right"] - 1, "the number is not right of the text"
    # The count beside it is interface text: it keeps the interface's direction ("3 comments").
    toggle = page.locator(f'#{first.anchor} [aria-controls="discussion-{first.pk}"]')
    expect(toggle).to_have_attribute("dir", "ltr")
    assert _direction(toggle) == "ltr"

    # A Latin-script question on the Arabic page reads left to right, isolated from the text.
    comment = _post(page, 2, LATIN_COMMENT)
    comment_text = page.locator(f"#c-{comment.pk}-body .comment-text")
    expect(comment_text).to_have_attribute("dir", "auto")
    expect(comment_text).to_have_text(LATIN_COMMENT)
    assert _direction(comment_text) == "ltr"
    second = arabic_assignment.reading.current_paragraphs()[1]
    discussion = page.locator(f"#discussion-{second.pk} .discussion")
    if size == "desktop":
        # The discussion sits in the margin on the left, beside its paragraph.
        paragraph = _box(page.locator(f"#{second.anchor} .paragraph-body"))
        assert _box(discussion)["right"] <= paragraph["x"] + 1
    else:
        expect(discussion).to_be_in_viewport()
    page.locator(f"#{second.anchor}").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"rtl-reading-{size}.png")

    # And an Arabic comment on the English reading reads right to left.
    page.goto(seminar.reading_url(live_server))
    expect(page.locator("article.reading")).to_have_attribute("dir", "ltr")
    arabic = _post(page, 3, ARABIC_COMMENT)
    arabic_text = page.locator(f"#c-{arabic.pk}-body .comment-text")
    expect(arabic_text).to_have_attribute("dir", "auto")
    assert _direction(arabic_text) == "rtl"
    page.locator(f"#c-{arabic.pk}-body").screenshot(
        path=SCREENSHOTS / f"rtl-comment-on-english-{size}.png"
    )
    page.console_watch.assert_clean()
