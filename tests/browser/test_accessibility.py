"""axe-core on every page type, in light and dark, at laptop and phone widths: no WCAG 2.0,
2.1 or 2.2 A/AA violations, every control at least 44 by 44 pixels and nothing that scrolls
sideways. Prints the pages it checked and what it counted on each; screenshots of each at
phone width go to screenshots/a11y-*.png."""

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils.text import slugify
from playwright.sync_api import expect

from articles.importing import extract_reading
from articles.services import draft_create, reading_create, reading_revise
from classroom.models import Role
from discussions.models import FlagReason, Note, WatchedWord
from discussions.moderation.decisions import comment_flag
from discussions.notes.services import note_create
from discussions.reading.phrases import Phrase
from discussions.reading.services import comment_create
from discussions.reading.threads import THREADS_PER_PAGE
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    UserFactory,
    add_threads,
    make_comment,
)

from .conftest import PASSWORD
from .screens import SMALL_TARGETS, shoot, sideways

pytestmark = pytest.mark.browser

RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Best-practice rules for the page's outline that no WCAG tag carries: one main, one h1,
# headings in order, everything inside a landmark.
OUTLINE_RULES = [
    "landmark-one-main",
    "page-has-heading-one",
    "heading-order",
    "region",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "skip-link",
]
THEMES = ["light", "dark"]
VIEWPORTS = {"1366x768": (1366, 768), "390x844": (390, 844)}
DRAFT_TEXT = """A Reading to Check

By Noor Haddad

The preview shows every block the importer found, numbered, so a teacher can check it.

Blocks that look like page clutter are left out, with the reason beside them.

Share this article

A block can be merged with the next one, split at a blank line, or edited in place."""


@dataclass
class PageType:
    name: str
    who: str  # "anonymous", "student", "instructor" or "ta"
    path: str
    after_load: object = None  # a function(page) that opens a discussion or a form


def open_discussion(page) -> None:
    page.get_by_role("link", name="Discussion of paragraph 3").click()
    expect(page.get_by_role("region", name="Discussion of paragraph 3")).to_be_visible()


def open_reply_form(page) -> None:
    open_discussion(page)
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    discussion.get_by_role("link", name="Reply", exact=True).first.click()
    expect(page.get_by_label("Reply to Ben Lindqvist")).to_be_focused()


def open_hide_form(page) -> None:
    open_discussion(page)
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    discussion.get_by_role("link", name="Hide…").first.click()
    expect(page.get_by_label("Reason for hiding")).to_be_focused()


def choose_a_phrase(page) -> None:
    """Select words of paragraph 3 (which carries overlapping marks) and open its form."""
    page.get_by_role("link", name="Discussion of paragraph 3").click()
    form = page.locator("form.thread-form")
    expect(form).to_be_visible()
    page.evaluate(
        """() => {
          const text = [...document.querySelectorAll(".paragraph-text")][2].querySelector("p");
          const words = text.firstChild;
          document.getSelection().setBaseAndExtent(words, 0, words, 12);
        }"""
    )
    page.get_by_role("button", name="Comment on this phrase").click()
    expect(form.locator("[data-chosen-phrase]")).to_be_visible()


def select_words_with_the_keyboard(page) -> None:
    """Paragraph 3's words selected with Shift and the arrow keys, the control showing."""
    open_discussion(page)
    page.get_by_role("button", name="Select words with the keyboard").click()
    page.keyboard.press("Control+Shift+ArrowRight")
    page.keyboard.press("Control+Shift+ArrowRight")
    expect(page.get_by_role("button", name="Comment on this phrase")).to_be_visible()


def show_more_threads(page) -> None:
    """The first paragraph's discussion open, its second page of threads added in place."""
    page.get_by_role("link", name="Discussion of paragraph 1").click()
    page.get_by_role("link", name="Show more threads on paragraph 1").click()
    expect(page.locator(".threads > li.depth-0")).to_have_count(THREADS_PER_PAGE + 5)


def open_prompt_form(page) -> None:
    page.get_by_role("link", name="Pose a prompt on paragraph 2").click()
    expect(page.get_by_label("Prompt on paragraph 2")).to_be_focused()


def open_score_by_hand_form(page) -> None:
    page.get_by_text("Set this score by hand").click()
    expect(page.get_by_label("Reason")).to_be_visible()


@pytest.fixture
def page_types(seminar) -> list[PageType]:
    course, assignment = seminar.course, seminar.assignment
    ta = MembershipFactory(
        course=course, role=Role.TA, user=UserFactory(username="idris", display_name="Idris Haddad")
    ).user
    seminar.ta = ta
    # Something for the queue: a flagged comment and one held for review.
    comment_flag(
        comment=seminar.classmate_comment,
        flagger=seminar.instructor_reply.author,
        reason=FlagReason.OFF_TOPIC,
    )
    WatchedWord.objects.create(course=course, phrase="obviously", created_by=seminar.instructor)
    make_comment(
        author=seminar.classmate,
        assignment=assignment,
        paragraph=seminar.paragraphs[1],
        body="This is obviously the key sentence of the essay.",
    )
    # Threads on overlapping phrases of paragraph 3: one mark counting two threads.
    for author, words in (
        (seminar.classmate, "the margin is shared"),
        (seminar.instructor, "shared by thirty people"),
    ):
        comment_create(
            author=author,
            assignment=assignment,
            paragraph=seminar.paragraphs[2],
            body=f"On “{words}”.",
            phrase=Phrase(exact=words),
        )
    draft = draft_create(owner=seminar.instructor, imported=extract_reading(data=DRAFT_TEXT))
    # Private notes to list and download, one on a phrase.
    note_create(
        author=seminar.classmate,
        assignment=assignment,
        paragraph=seminar.paragraphs[1],
        quote="a question mark beside a statistic",
        body="Which statistic? Look for the footnote.",
    )
    note_create(
        author=seminar.classmate,
        assignment=assignment,
        paragraph=seminar.paragraphs[3],
        body="Compare with the *loud margin* in paragraph 4.",
    )
    # An edit after the discussion began: the first wording is version 1.
    reading_revise(
        reading=assignment.reading,
        paragraphs=[paragraph.text for paragraph in seminar.paragraphs] + ["A closing line."],
        editor=seminar.instructor,
    )
    reading = assignment.get_absolute_url()
    with_headings = AssignmentFactory(
        course=course,
        reading=reading_create(
            owner=seminar.instructor,
            title="Tides and the moon",
            paragraphs=[
                "The sea rises and falls twice a day.",
                "Why the moon matters",
                "The moon pulls hardest on the water nearest to it.",
            ],
            kinds=["paragraph", "heading", "paragraph"],
        ),
    )
    long_discussion = AssignmentFactory(course=course)
    add_threads(
        long_discussion,
        long_discussion.reading.current_paragraphs().first(),
        [seminar.classmate, seminar.instructor],
        THREADS_PER_PAGE + 5,
    )
    notes_args = [course.slug, assignment.pk]
    return [
        PageType("login", "anonymous", reverse("login")),
        PageType("sign-up", "anonymous", reverse("signup")),
        PageType("course list (home)", "student", reverse("classroom:home")),
        PageType("course (student)", "student", course.get_absolute_url()),
        PageType("course (instructor)", "instructor", course.get_absolute_url()),
        PageType("roster", "instructor", reverse("classroom:roster", args=[course.slug])),
        PageType("reading, discussion closed", "student", reading),
        PageType("reading, discussion open", "student", reading, open_discussion),
        PageType("reading, reply form open", "student", reading, open_reply_form),
        PageType("reading, phrase chosen", "student", reading, choose_a_phrase),
        PageType(
            "reading, words selected with the keyboard",
            "student",
            reading,
            select_words_with_the_keyboard,
        ),
        PageType("reading, staff view, hide form open", "ta", reading, open_hide_form),
        PageType(
            "reading, long discussion, more threads shown",
            "student",
            long_discussion.get_absolute_url(),
            show_more_threads,
        ),
        PageType(
            "reading with a sub-heading, prompt form open",
            "instructor",
            with_headings.get_absolute_url(),
            open_prompt_form,
        ),
        PageType(
            "pose a prompt",
            "instructor",
            reverse("discussions:prompt_new", args=[course.slug, with_headings.pk]),
        ),
        PageType("import preview", "instructor", reverse("articles:draft", args=[draft.pk])),
        PageType(
            "moderation queue",
            "ta",
            reverse("discussions:moderation_queue", args=[course.slug]),
        ),
        PageType(
            "participation",
            "instructor",
            reverse("discussions:participation", args=[course.slug, assignment.pk]),
        ),
        PageType(
            "a student's participation, score-by-hand form open",
            "instructor",
            reverse(
                "discussions:participation_student",
                args=[course.slug, assignment.pk, seminar.classmate.pk],
            ),
            open_score_by_hand_form,
        ),
        PageType("gradebook", "instructor", reverse("discussions:gradebook", args=[course.slug])),
        PageType("my notes", "student", reverse("discussions:my_notes", args=notes_args)),
        PageType(
            "a note's edit page",
            "student",
            reverse("discussions:note_edit", args=[Note.objects.filter(quote="").get().pk]),
        ),
        PageType("my downloads", "student", reverse("discussions:downloads", args=[course.slug])),
        PageType(
            "downloads and exports (staff)",
            "instructor",
            reverse("discussions:downloads", args=[course.slug]),
        ),
        PageType(
            "an earlier version of the reading",
            "student",
            reverse("discussions:reading_version", args=[*notes_args, 1]),
        ),
        PageType(
            "course search results",
            "student",
            reverse("discussions:search", args=[course.slug], query={"q": "margin"}),
        ),
    ]


def _log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")


def _describe(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:4]:
            lines.append(f"      {node['target']}: {node['failureSummary'].splitlines()[-1]}")
    return lines


def test_no_wcag_violations_on_any_page_type(browser, live_server, seminar, page_types, capsys):
    users = {
        "student": seminar.classmate.username,
        "instructor": seminar.instructor.username,
        "ta": seminar.ta.username,
    }
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": RULE_TAGS}, "resultTypes": ["violations"]}
    outline = {"runOnly": {"type": "rule", "values": OUTLINE_RULES}, "resultTypes": ["violations"]}
    counts: dict[str, dict[str, int]] = {page_type.name: {} for page_type in page_types}
    failures: list[str] = []
    columns = [f"{theme} {size}" for theme in THEMES for size in VIEWPORTS]
    for theme in THEMES:
        for size, (width, height) in VIEWPORTS.items():
            column = f"{theme} {size}"
            for who in ["anonymous", "student", "instructor", "ta"]:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=theme,
                    reduced_motion="reduce",
                )
                context.set_default_timeout(5_000)
                page = context.new_page()
                errors: list[str] = []
                page.on(
                    "console",
                    lambda message, errors=errors: (
                        errors.append(message.text) if message.type == "error" else None
                    ),
                )
                if who != "anonymous":
                    _log_in(page, live_server, users[who])
                for page_type in [p for p in page_types if p.who == who]:
                    page.goto(live_server.url + page_type.path)
                    if page_type.after_load:
                        page_type.after_load(page)
                    violations = axe.run(page, options=options).response["violations"]
                    violations += axe.run(page, options=outline).response["violations"]
                    counts[page_type.name][column] = sum(len(v["nodes"]) for v in violations)
                    if violations:
                        failures.append(f"  {page_type.name}, {column}:")
                        failures.extend(_describe(violations))
                    small = page.evaluate(SMALL_TARGETS)
                    if small:
                        failures.append(f"  {page_type.name}, {column}: under 44x44: {small}")
                    if problem := sideways(page):
                        failures.append(f"  {page_type.name}, {column}: sideways: {problem}")
                    if size == "390x844":
                        shoot(page, f"a11y-{slugify(page_type.name)}-{theme}-390")
                assert not errors, f"console errors as {who} ({column}): {errors}"
                context.close()

    width = max(len(name) for name in counts)
    table = [f"axe-core ({', '.join(RULE_TAGS)}, page outline): violations per page type"]
    table.append(" " * width + "  " + "  ".join(f"{column:>14}" for column in columns))
    for name, by_column in counts.items():
        cells = "  ".join(f"{by_column.get(column, '-'):>14}" for column in columns)
        table.append(f"{name:<{width}}  {cells}")
    with capsys.disabled():
        print("\n" + "\n".join(table))
    assert all(len(by_column) == len(columns) for by_column in counts.values())
    assert not failures, "WCAG violations or small targets:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("theme", "motion", "background", "scrolling"),
    [
        ("light", "no-preference", "rgb(251, 250, 247)", "smooth"),
        ("dark", "reduce", "rgb(22, 24, 28)", "auto"),
    ],
)
def test_theme_and_motion_follow_the_system(
    browser, live_server, theme, motion, background, scrolling
):
    context = browser.new_context(color_scheme=theme, reduced_motion=motion)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    style = page.evaluate(
        """() => ({
          background: getComputedStyle(document.body).backgroundColor,
          scrolling: getComputedStyle(document.documentElement).scrollBehavior,
        })"""
    )
    context.close()
    assert style == {"background": background, "scrolling": scrolling}
