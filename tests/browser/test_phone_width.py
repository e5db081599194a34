"""Every page, as everyone who may open it, on a 390 px phone: nothing scrolls sideways and no
control is smaller than 44 by 44 pixels. The pages come from the access matrix, which
test_access_matrix.py keeps in step with the URL resolver, so a new page is walked here
without anyone adding it."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from articles.models import Paragraph
from articles.rendering import render_markdown
from tests.test_access_matrix import LOGIN, MATRIX, routed_views

from .conftest import READING_TEXT
from .screens import SMALL_TARGETS, sideways

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ROLES = ["anonymous", "student", "ta", "instructor", "admin"]


@dataclass(frozen=True)
class Visit:
    name: str  # the URL's name, with the matrix row's label when it has one
    role: str
    url: str


def pages_for(role: str, classroom) -> list[Visit]:
    """Every GET the access matrix says this role may make, followed through a redirect to
    the page it ends on. HTMX fragments are parts of pages walked whole."""
    user = classroom.user(role)
    visits = []
    for row in MATRIX:
        if row.method != "get" or row.htmx:
            continue
        expected = row.expected()[role]
        if expected == LOGIN or expected not in (200, 302):
            continue
        visits.append(Visit(row.id.removesuffix("-get"), role, row.url(classroom, user)))
    return visits


def session_cookie(user, live_server) -> dict:
    """A signed-in session for `user` without the login form (which has its own tests)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": store.session_key,
        "url": live_server.url,
    }


@pytest.fixture
def lived_in(transactional_db, classroom):
    """The classroom with real paragraphs: a picker of paragraphs needs text to be wide."""
    for paragraph, text in zip(classroom.paragraphs, READING_TEXT, strict=False):
        Paragraph.objects.filter(pk=paragraph.pk).update(text=text, html=render_markdown(text))
    return classroom


def test_no_page_scrolls_sideways_or_has_small_controls_on_a_phone(
    browser, live_server, lived_in, capsys
):
    classroom = lived_in
    problems: list[str] = []
    visited: dict[str, list[str]] = {role: [] for role in ROLES}
    downloads: set[str] = set()
    for role in ROLES:
        context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        user = classroom.user(role)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server)])
        page = context.new_page()
        for visit in pages_for(role, classroom):
            # Exports answer with a file, not a page: ask first, so the browser does not
            # start a download where a page was expected.
            answer = context.request.get(live_server.url + visit.url)
            if not answer.headers.get("content-type", "").startswith("text/html"):
                downloads.add(visit.name)
                continue
            response = page.goto(live_server.url + visit.url)
            where = f"{visit.name} as {role} ({page.url.removeprefix(live_server.url)})"
            if response.status != 200:
                problems.append(f"{where}: answered {response.status}")
                continue
            visited[role].append(visit.name)
            if problem := sideways(page):
                problems.append(f"{where}: {problem}")
            small = page.evaluate(SMALL_TARGETS)
            if small:
                problems.append(f"{where}: under 44x44: {small}")
        context.close()

    with capsys.disabled():
        print("\nPages walked at 390 px:")
        for role, names in visited.items():
            print(f"  {role:<10} {len(names):>3}  {', '.join(names)}")
        print(f"  not pages (downloads): {', '.join(sorted(downloads))}")
    walked = {name for names in visited.values() for name in names}
    assert not problems, "On a 390 px phone:\n" + "\n".join(problems)
    # Every named page the resolver routes was seen by someone (a URL missing from the
    # matrix fails test_every_url_pattern_is_in_the_matrix first).
    page_names = {name.split("[")[0] for name in walked | downloads}
    gettable = {
        row.name
        for row in MATRIX
        if row.method == "get"
        and not row.htmx
        and any(row.expected()[role] in (200, 302) for role in ROLES)
    }
    assert gettable <= page_names
    assert gettable <= set(routed_views())
    assert all(visited.values()), "a role saw no page at all"
