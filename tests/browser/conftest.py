"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from classroom.models import Role
from tests.factories import (
    AssignmentFactory,
    CourseFactory,
    MembershipFactory,
    ReadingFactory,
    UserFactory,
    make_comment,
)
from tests.tasks import run_queued_tasks

# Playwright's sync API keeps an event loop running in this thread; Django's ORM, used by the
# tests to look things up while the live server runs, would otherwise refuse to work.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"

READING_TEXT = [
    "Every classroom has a reading that nobody finished. The pages were turned, the words "
    "passed before the eyes, and yet nothing stayed. Reading slowly is not a matter of speed; "
    "it is a matter of *stopping* — of noticing where a sentence pushes back.",
    "Marginal notes are the oldest form of that stopping. A pencil line under a claim, a question "
    "mark beside a statistic, an exclamation in the gutter: each is a reader talking back to the "
    "text, and, when the book is shared, to the next reader as well.",
    "What changes when the margin is shared by thirty people at once? The note is no longer "
    "private. It can be answered, disputed, extended. A quiet student's question about the third "
    "paragraph may turn out to be the question everyone was too shy to ask.",
    "There are risks. A loud margin can drown the text it annotates, and an early, confident "
    "comment can set the terms for everyone who comes after. Good discussion needs room to be "
    "wrong in public and a way to take a remark back.",
    "The aim, in the end, is modest: that each reader leaves with one sentence they understand "
    "better because somebody else read it differently.",
]


@dataclass
class Seminar:
    """One course with an assignment, a discussion already under way and a student outside it."""

    course: object
    assignment: object
    paragraphs: list
    instructor: object
    classmate: object
    newcomer: object
    classmate_comment: object
    instructor_reply: object

    def reading_url(self, live_server) -> str:
        return live_server.url + self.assignment.get_absolute_url()


def add_named_students(course, names: list[str]) -> list:
    """Students with real-looking names (username: the first name, lowercased)."""
    return [
        MembershipFactory(
            course=course,
            role=Role.STUDENT,
            user=UserFactory(username=name.split()[0].lower(), display_name=name),
        ).user
        for name in names
    ]


@pytest.fixture
def task_worker(transactional_db):
    """A task worker beside the live server, as `make run` starts one: due tasks (notices,
    e-mails) run within a moment of being queued, in their own thread and connection."""
    stop = threading.Event()

    def work():
        while not stop.is_set():
            run_queued_tasks()  # what db_worker does, without its signal handlers
            stop.wait(0.2)
        connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


@pytest.fixture
def seminar(transactional_db) -> Seminar:
    instructor = UserFactory(username="castillo", display_name="Ruth Castillo")
    course = CourseFactory(title="Reading Closely", slug="reading-closely", created_by=instructor)
    MembershipFactory(user=instructor, course=course, role=Role.INSTRUCTOR)
    reading = ReadingFactory(
        owner=instructor,
        title="On Reading Slowly",
        byline="Tomas Reyes",
        paragraphs=READING_TEXT,
    )
    assignment = AssignmentFactory(
        course=course,
        reading=reading,
        instructions="Read the essay and leave **one question** on a paragraph that puzzled you.",
    )
    classmate = MembershipFactory(
        course=course, user=UserFactory(username="ben", display_name="Ben Lindqvist")
    ).user
    newcomer = UserFactory(username="amara", display_name="Amara Okafor")
    paragraphs = list(reading.paragraphs.all())
    classmate_comment = make_comment(
        author=classmate,
        assignment=assignment,
        paragraph=paragraphs[2],
        body="Is a shared margin really less private? People might write *less* honestly.",
    )
    instructor_reply = make_comment(
        author=instructor,
        assignment=assignment,
        parent=classmate_comment,
        body="Good question. Keep it in mind when you get to paragraph 4.",
    )
    return Seminar(
        course=course,
        assignment=assignment,
        paragraphs=paragraphs,
        instructor=instructor,
        classmate=classmate,
        newcomer=newcomer,
        classmate_comment=classmate_comment,
        instructor_reply=instructor_reply,
    )


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("COLLOQUY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " COLLOQUY_REQUIRE_BROWSER=1 is set, so this is an error.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class ConsoleWatch:
    """Collects JavaScript errors and CSP violations a page reports while a test drives it."""

    problems: list = field(default_factory=list)
    allowed: list = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def allow(self, pattern: str) -> None:
        """Accept console errors matching pattern, e.g. the 422 a test provokes on purpose."""
        self.allowed.append(re.compile(pattern))

    def _on_console(self, message) -> None:
        text = message.text
        if message.type != "error" and "Content Security Policy" not in text:
            return
        if any(pattern.search(text) for pattern in self.allowed):
            return
        where = message.location.get("url", "")
        self.problems.append(f"console {message.type}: {text} ({where})")

    def assert_clean(self) -> None:
        assert not self.problems, "The browser reported problems:\n" + "\n".join(self.problems)


def open_page(browser, request, **context_options):
    # Reduced motion turns off smooth scrolling, which Playwright would wait out on every click.
    context = browser.new_context(reduced_motion="reduce", **context_options)
    context.set_default_timeout(5_000)
    page = context.new_page()
    watch = ConsoleWatch()
    watch.attach(page)
    page.console_watch = watch
    request.addfinalizer(context.close)
    return page


@pytest.fixture
def page(browser, request):
    """A fresh JavaScript-enabled tab; call page.console_watch.assert_clean() at the end."""
    return open_page(browser, request, viewport={"width": 1366, "height": 768})


@pytest.fixture
def page_without_javascript(browser, request):
    return open_page(
        browser, request, viewport={"width": 1366, "height": 768}, java_script_enabled=False
    )


@pytest.fixture
def log_in(live_server):
    """Log in through the real login form, as a person would; lands on "My courses"."""

    def log_in_as(page, user, password: str = PASSWORD) -> None:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server.url + "/")

    return log_in_as
