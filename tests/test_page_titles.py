"""Every page the instructor can open has a title that says which page it is and, inside a
course, which course: "Roster — English 11 — Colloquy", never just "Colloquy"."""

import re
from html import unescape

import pytest

from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

SITE = "Colloquy"
SEPARATOR = " — "

# Pages shown outside any one course, or before the course exists.
OUTSIDE_A_COURSE = {
    "signup",
    "login",
    "account_settings",
    "account_delete",
    "email_change",
    "email_change_confirm",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "classroom:home",
    "classroom:course_new",
    "classroom:join",
    "classroom:join_link",
    "articles:list",
    "articles:new",
    "articles:import",
    "articles:detail",
    "articles:edit",
    "articles:draft",
    "articles:draft_discard",
    "discussions:notices",
    "discussions:unsubscribe",
    "discussions:site_watched_words",
}


def title_of(response) -> str:
    found = re.search(rb"<title>(.*?)</title>", response.content, re.DOTALL)
    assert found, "the page has no <title>"
    return " ".join(unescape(found.group(1).decode()).split())


def instructor_pages(classroom):
    for row in MATRIX:
        if row.method != "get" or row.htmx or row.expected()["instructor"] != 200:
            continue
        yield row, row.url(classroom, classroom.instructor)


def test_every_page_has_its_own_title_with_the_course_and_the_site(classroom, client_for):
    client = client_for(classroom.instructor)
    titles: dict[str, tuple[str, str]] = {}
    problems = []
    for row, url in instructor_pages(classroom):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        title = title_of(response)
        parts = title.split(SEPARATOR)
        if parts[-1] != SITE or len(parts) < 2 or not parts[0].strip():
            problems.append(f"{row.id}: {title!r} does not end in '{SEPARATOR}{SITE}'")
        if "·" in title:
            problems.append(f"{row.id}: {title!r} mixes separators")
        if row.name not in OUTSIDE_A_COURSE and classroom.course.title not in parts[:-1]:
            problems.append(f"{row.id}: {title!r} does not name the course")
        titles[row.id] = (title, response.templates[0].name)
    by_title: dict[str, set[str]] = {}
    for title, template in titles.values():
        by_title.setdefault(title, set()).add(template)
    # Two URLs may share a title when they show the same page (the join page, with or without
    # a code in its link); two different pages must not.
    shared = {title: templates for title, templates in by_title.items() if len(templates) > 1}
    assert len(titles) > 30, f"only {len(titles)} pages were checked"
    assert not problems, "\n".join(problems)
    assert not shared, f"different pages with one title: {shared}"
