"""A teacher's first hour on an empty site, played in Chromium at laptop and at phone width.

A teacher signs up, starts a course, adds a reading from a Word file, fixes the preview, assigns
it with post-first, poses a prompt beside a paragraph and invites two students (one by the join
link, one by e-mail). The students sign up from the invitation, post and reply. The teacher makes
one of them a teaching assistant, who hides a classmate's off-topic post with a reason; then the
teacher opens the gradebook and exports it for the school's gradebook.

Every step is photographed at the width being played and checked for sideways scrolling; every
click the teacher makes is counted and printed (`pytest -s` shows the list).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from articles.models import ParagraphKind, Reading
from articles.tests.document_files import make_docx
from classroom.models import Course, Membership, PostFirst, Role
from discussions.models import Comment, Prompt, Status

from .conftest import open_page
from .screens import VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser

# What the walk may cost the teacher, counting every click, tick, choice and file chosen.
TEACHER_CLICK_BUDGET = 18

COURSE = "English 11 — Period 3"
TITLE = "The Shared Margin"
PARAGRAPHS = [
    "Readers have always written in the margins of their books. A pencil line under a claim, a "
    "question mark beside a statistic: each is a reader talking back to the text.",
    "When a book is shared, the margin becomes a conversation. The next reader meets the notes "
    "of the last one and answers them, agrees, or crosses them out.",
    "A classroom margin is shared by thirty readers at once. A quiet student's question about "
    "one paragraph may be the question everyone else was too shy to ask aloud.",
    "There are risks. An early, confident comment can set the terms for everyone after it, "
    "which is why some teachers ask students to write before they read the others.",
    "The aim is modest: that each reader leaves with one sentence they understand better "
    "because somebody else read it differently.",
]
SUB_HEADING = "Why the margin matters"
NOTE_TO_STUDENTS = "Questions about the reading? Ask me before Friday's class."
PROMPT = "Which sentence here would you cross out, and why?"
FIRST_POST = (
    "The second paragraph reminds me of my library copy of Frankenstein, where someone wrote "
    "angry notes beside the creature's speech. I argued with them in my head the whole time I "
    "read, which made me read much more slowly and carefully than I usually do."
)
SECOND_POST = (
    "I think the early comment problem is real. In our last discussion the first post said the "
    "ending was boring and after that nobody defended it, even though I liked it. Writing "
    "first, before reading the others, would have helped me say what I actually thought."
)
REPLY = (
    "Your Frankenstein copy sounds great. I wonder whether arguing with a stranger's notes is "
    "different from arguing with a classmate, because you can't hurt a stranger's feelings and "
    "they can't answer you back, so maybe you say more."
)
OFF_TOPIC = "lol who even reads this"
HIDE_REASON = "Keep comments about the reading, please."
PASSWORD = "quiet margins 2026"


@dataclass
class Person:
    """One person in their own browser, with the clicks they made and the screens they saw."""

    page: object
    name: str
    size: str
    clicks: list[str] = field(default_factory=list)

    def click(self, locator, what: str) -> None:
        locator.click()
        self.clicks.append(what)

    def tick(self, locator, what: str) -> None:
        locator.check()
        self.clicks.append(what)

    def untick(self, locator, what: str) -> None:
        locator.uncheck()
        self.clicks.append(what)

    def choose(self, locator, what: str, **option) -> None:
        locator.select_option(**option)
        self.clicks.append(what)

    def choose_file(self, locator, what: str, **file) -> None:
        locator.set_input_files(file)
        self.clicks.append(what)

    def look(self, step: str) -> None:
        """A full-page screenshot of what this person sees now; it must not scroll sideways."""
        self.page.wait_for_load_state()
        shoot(self.page, f"first-hour-{self.size}-{step}")
        assert_fits_width(self.page, f"{self.name}, {step}")


@pytest.fixture(params=list(VIEWPORTS))
def size(request) -> str:
    return request.param


def person(browser, request, name: str, size: str) -> Person:
    width, height = VIEWPORTS[size]
    page = open_page(browser, request, viewport={"width": width, "height": height})
    return Person(page=page, name=name, size=size)


def sign_up(someone: Person, username: str, display_name: str, email: str) -> None:
    page = someone.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    someone.click(page.get_by_role("button", name="Sign up"), "create the account")


def word_file() -> bytes:
    """What a teacher has on their laptop: a Word file with a title, byline, a sub-heading in
    Word's heading style, five paragraphs and a note meant for the class, not the reading."""
    return make_docx(
        title=TITLE,
        byline="Tomas Reyes",
        paragraphs=[*PARAGRAPHS, NOTE_TO_STUDENTS],
        heading=SUB_HEADING,
    )


def draft_block(page, text: str):
    """The preview block whose text box holds `text`."""
    blocks = page.locator(".draft-block")
    for index in range(blocks.count()):
        if text in blocks.nth(index).locator("textarea").input_value():
            return blocks.nth(index)
    raise AssertionError(f"No block holds {text!r}")


def open_discussion(page, number: int):
    page.get_by_role("link", name=re.compile(rf"^Discussion of paragraph {number}\b")).click()
    discussion = page.get_by_role("region", name=f"Discussion of paragraph {number}")
    expect(discussion).to_be_visible()
    return discussion


def start_thread(page, number: int, text: str) -> None:
    discussion = open_discussion(page, number)
    discussion.get_by_label(f"Start a thread on paragraph {number}").fill(text)
    discussion.get_by_role("button", name="Post").click()
    expect(discussion).to_contain_text(text[:40])


def teacher_sets_up_the_course(teacher: Person, base: str) -> str:
    """From the empty site to an assigned reading with a prompt; returns the join link."""
    page = teacher.page
    page.goto(base + "/")
    teacher.look("01-arrives")
    header = page.get_by_role("navigation", name="Main")
    teacher.click(header.get_by_role("link", name="Sign up"), "sign up")
    teacher.look("02-sign-up")
    sign_up(teacher, "mpark", "Ms. Park", "park@school.example")

    expect(page.get_by_role("heading", level=1)).to_have_text("My courses")
    expect(page.get_by_text("Start a course below")).to_be_visible()
    teacher.look("03-home")
    page.get_by_label("Course title").fill(COURSE)
    teacher.click(page.get_by_role("button", name="Create course"), "create the course")

    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    expect(page.get_by_role("heading", name="Get the course going")).to_be_visible()
    teacher.look("04-new-course")
    actions = page.locator(".page-heading")
    teacher.click(actions.get_by_role("link", name="Add a reading"), "add a reading")
    teacher.look("05-add-a-reading")
    teacher.choose_file(
        page.get_by_label("Or upload a file"),
        "choose the Word file (its preview opens)",
        name="shared-margin.docx",
        mimeType="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        buffer=word_file(),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    heading_block = draft_block(page, SUB_HEADING)
    expect(heading_block.get_by_label("Heading")).to_be_checked()
    teacher.look("06-preview")
    note = draft_block(page, NOTE_TO_STUDENTS)
    teacher.untick(note.get_by_label("Include"), "leave out the note to the class")
    teacher.click(page.get_by_role("button", name="Save reading and assign it"), "save the reading")

    page.wait_for_url(re.compile(r"/assignments/new/"))
    expect(page.get_by_label("Reading", exact=True)).to_have_value(
        str(Reading.objects.get(title=TITLE).pk)
    )
    teacher.look("07-assignment-form")
    teacher.tick(page.get_by_label(str(PostFirst.READING.label)), "post-first: the whole reading")
    teacher.click(page.get_by_role("button", name="Assign", exact=True), "assign it")

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name=SUB_HEADING)).to_be_visible()
    teacher.look("08-reading-assigned")
    teacher.click(
        page.get_by_role("link", name="Pose a prompt on paragraph 2"), "pose a prompt at ¶2"
    )
    page.get_by_label("Prompt on paragraph 2").fill(PROMPT)
    teacher.look("09-prompt-form")
    teacher.click(page.get_by_role("button", name="Post prompt"), "post the prompt")
    expect(page.get_by_text(PROMPT)).to_be_visible()
    teacher.look("10-prompt-posted")

    tools = page.get_by_role("navigation", name=f"Course: {COURSE}")
    teacher.click(tools.get_by_role("link", name="Roster"), "open the roster")
    join_link = page.locator(".join-code a").first.inner_text()
    page.get_by_label("E-mail addresses").fill("noor@student.example")
    teacher.click(page.get_by_role("button", name="Send invitations"), "send the invitation")
    expect(page.get_by_text("Sent 1 invitation")).to_be_visible()
    teacher.look("11-invited")
    return join_link


def student_joins_and_posts(
    student: Person, join_link: str, who: tuple[str, str, str], paragraph: int, text: str
) -> None:
    page = student.page
    page.goto(join_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {COURSE} with Ms. Park")
    student.look(f"12-{who[0]}-invitation")
    student.click(page.locator("#main").get_by_role("link", name="Sign up"), "sign up")
    sign_up(student, *who)
    student.click(page.get_by_role("button", name="Join the course"), "join")
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    student.click(page.get_by_role("link", name=TITLE), "open the reading")
    expect(page.get_by_text("Post a comment to see your classmates'").first).to_be_visible()
    start_thread(page, paragraph, text)
    student.look(f"13-{who[0]}-posted")


def test_a_teachers_first_hour(browser, live_server, request, size, settings, capsys):
    # A site that lets teachers sign up (`make run`'s default; TEACHING_SIGNUP=open in
    # production). With approval on, a site admin approves the teacher first.
    settings.TEACHING_SIGNUP = "open"
    base = settings.SITE_URL = live_server.url  # where the invitation e-mail's link points
    teacher = person(browser, request, "teacher", size)
    join_link = teacher_sets_up_the_course(teacher, base)

    course = Course.objects.get(title=COURSE)
    reading = Reading.objects.get(title=TITLE)
    current = list(reading.current_paragraphs())
    assert [p.text for p in current if p.kind == ParagraphKind.PARAGRAPH] == PARAGRAPHS
    assert [p.text for p in current if p.kind == ParagraphKind.HEADING] == [SUB_HEADING]
    assignment = course.assignments.get()
    assert assignment.post_first == PostFirst.READING
    assert Prompt.objects.get().paragraph.text == PARAGRAPHS[1]

    # Amara follows the link the teacher shared; Noor the one in her e-mail.
    amara = person(browser, request, "Amara", size)
    student_joins_and_posts(
        amara, join_link, ("amara", "Amara Okafor", "amara@student.example"), 2, FIRST_POST
    )
    (invitation,) = mail.outbox
    assert invitation.to == ["noor@student.example"] and COURSE in invitation.subject
    emailed_link = re.search(r"https?://\S+/join/\S+/", invitation.body).group(0)
    noor = person(browser, request, "Noor", size)
    student_joins_and_posts(
        noor, emailed_link, ("noor", "Noor Haddad", "noor@student.example"), 4, SECOND_POST
    )
    # Noor has posted, so the whole reading is open to her: she replies to Amara, and posts
    # something off topic in paragraph 5.
    noor.page.reload()
    discussion = open_discussion(noor.page, 2)
    amara_post = Comment.objects.get(author__username="amara")
    discussion.locator(f"#c-{amara_post.pk}-body").get_by_role("link", name="Reply").click()
    noor.page.get_by_label("Reply to Amara Okafor").fill(REPLY)
    noor.page.locator(f"#c-{amara_post.pk}-reply-form").get_by_role("button", name="Reply").click()
    expect(noor.page.locator(f"#replies-{amara_post.pk}")).to_contain_text(REPLY[:40])
    start_thread(noor.page, 5, OFF_TOPIC)
    noor.look("14-noor-replied")

    # The teacher makes Amara a teaching assistant who stays graded.
    page = teacher.page
    tools = page.get_by_role("navigation", name=f"Course: {COURSE}")
    teacher.click(tools.get_by_role("link", name="Roster"), "open the roster again")
    expect(page.get_by_role("heading", name="Roster")).to_be_visible()
    teacher.choose(
        page.get_by_label("Role of Amara Okafor"),
        "Amara: teaching assistant, still graded",
        label="Teaching assistant, still graded",
    )
    row = page.get_by_role("row").filter(has_text="Amara Okafor")
    teacher.click(row.get_by_role("button", name="Change"), "change Amara's role")
    expect(page.get_by_label("Role of Amara Okafor")).to_have_value(re.compile("ta"), timeout=5_000)
    teacher.look("15-roster-with-a-ta")
    amara_membership = Membership.objects.get(course=course, user__username="amara")
    assert amara_membership.role == Role.TA and amara_membership.graded_as_student

    # Amara, now a TA, hides Noor's off-topic post with a reason, from the reading.
    amara.page.reload()
    off_topic = Comment.objects.get(body=OFF_TOPIC)
    discussion = open_discussion(amara.page, 5)
    discussion.locator(f"#c-{off_topic.pk}-body").get_by_role("link", name="Hide…").click()
    amara.page.get_by_label("Reason for hiding").fill(HIDE_REASON)
    amara.page.locator(f"#c-{off_topic.pk}").get_by_role("button", name="Hide").click()
    expect(amara.page.locator(f"#c-{off_topic.pk}")).to_contain_text("Hidden")
    amara.look("16-ta-hid-a-post")
    off_topic.refresh_from_db()
    assert off_topic.status == Status.HIDDEN and off_topic.moderation_reason == HIDE_REASON

    # The teacher opens the gradebook and exports it.
    teacher.click(tools.get_by_role("link", name="Gradebook"), "open the gradebook")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gradebook")
    gradebook = page.locator("table")
    expect(gradebook).to_contain_text("Amara Okafor")
    expect(gradebook).to_contain_text("Noor Haddad")
    teacher.look("17-gradebook")
    with page.expect_download() as download:
        teacher.click(
            page.get_by_role("link", name="Export for a school gradebook (CSV)"), "export"
        )
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *students = csv.reader(io.StringIO(text))
    assert header[:3] == ["Name", "E-mail", "Student ID"]
    by_email = {row[1]: row for row in students}
    assert set(by_email) == {"amara@student.example", "noor@student.example"}
    assert header[-2].startswith("Total (")
    amara_row, noor_row = by_email["amara@student.example"], by_email["noor@student.example"]
    # Amara's thread still counts after she became a TA; Noor's thread and reply count for
    # more, and her hidden one-liner for nothing.
    assert 0 < float(amara_row[-2]) < float(noor_row[-2])
    assert "Teaching assistant" in amara_row[-1]

    with capsys.disabled():
        print(f"\n[{size}] the teacher's first hour took {len(teacher.clicks)} clicks:")
        for number, what in enumerate(teacher.clicks, 1):
            print(f"  {number:2}. {what}")
    assert len(teacher.clicks) <= TEACHER_CLICK_BUDGET, teacher.clicks
    for someone in (teacher, amara, noor):
        someone.page.console_watch.assert_clean()
