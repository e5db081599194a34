"""Headings on the reading page: shown as headings and listed under Contents, never numbered
or discussed; a paragraph made a heading keeps every comment, seen by whoever saw it before."""

import pytest
from django.urls import reverse

from articles.models import ParagraphKind
from articles.services import reading_revise
from classroom.models import PostFirst
from discussions.reading.services import comment_create, prompt_create
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ROLES = ["student", "classmate", "ta", "instructor"]


def reading_url(classroom, query=""):
    args = [classroom.course.slug, classroom.assignment.pk]
    return reverse("discussions:reading", args=args) + query


def make_heading(classroom, index):
    """The owner edits the reading so that paragraph `index` becomes a heading."""
    reading = classroom.assignment.reading
    old = list(reading.current_paragraphs())
    kinds = [ParagraphKind.HEADING if i == index else p.kind for i, p in enumerate(old)]
    reading_revise(
        reading=reading, paragraphs=[p.text for p in old], kinds=kinds, editor=reading.owner
    )
    reading.refresh_from_db()
    return list(reading.current_paragraphs())


def test_headings_show_as_headings_in_contents_and_numbers_skip_them(classroom, client_for):
    client = client_for(classroom.student)
    assert "reading-contents" not in client.get(reading_url(classroom)).text
    current = make_heading(classroom, 2)
    heading = current[2]
    page = client.get(reading_url(classroom)).text
    assert f'<h2 class="reading-section" id="{heading.anchor}">{heading.text}</h2>' in page
    assert f'<li><a href="#{heading.anchor}">{heading.text}</a></li>' in page
    assert [p.number for p in current] == [1, 2, None, 3, 4]
    assert 'aria-label="Paragraph 4"' in page and 'aria-label="Paragraph 5"' not in page
    assert f'id="discussion-{heading.pk}"' not in page  # no discussion of a heading


def test_a_heading_takes_no_thread_and_has_no_discussion(classroom, client_for):
    heading = make_heading(classroom, 2)[2]
    client = client_for(classroom.student)
    args = [classroom.course.slug, classroom.assignment.pk, heading.pk]
    create = reverse("discussions:thread_create", args=args)
    assert client.post(create, {"body": "On a heading?"}, headers=HTMX).status_code == 404
    discussion = reverse("discussions:paragraph_discussion", args=args)
    assert client.get(discussion, headers=HTMX).status_code == 404


def visible_bodies(client_for, classroom, user, bodies):
    page = client_for(user).get(reading_url(classroom, "?all=1")).text
    return {body for body in bodies if body in page}


def test_comments_on_a_paragraph_made_a_heading_move_on_and_none_is_lost(classroom, client_for):
    assignment = classroom.assignment
    assignment.post_first = PostFirst.READING
    assignment.save()
    second = classroom.paragraphs[1]
    thread = make_comment(
        author=classroom.classmate, assignment=assignment, paragraph=second, body="Aardvark view."
    )
    comment_create(author=classroom.ta, assignment=assignment, parent=thread, body="Badger answer.")
    prompt = prompt_create(
        assignment=assignment, author=classroom.ta, body="Cormorant prompt?", paragraph=second
    )
    bodies = {"Aardvark view.", "Badger answer.", "Cormorant prompt?", "First"}
    before = {
        role: visible_bodies(client_for, classroom, getattr(classroom, role), bodies)
        for role in ROLES
    }
    # Post-first: the student who has not posted sees the prompt but no classmate's comment.
    assert before["student"] == {"Cormorant prompt?"}
    assert before["instructor"] == bodies

    current = make_heading(classroom, 1)
    after = {
        role: visible_bodies(client_for, classroom, getattr(classroom, role), bodies)
        for role in ROLES
    }
    assert after == before
    # They now sit with the next paragraph, not among removed passages.
    next_paragraph = current[2]
    thread.refresh_from_db()
    prompt.refresh_from_db()
    assert thread.paragraph.current() == next_paragraph
    assert prompt.paragraph.current() == next_paragraph
    page = (
        client_for(classroom.instructor)
        .get(reading_url(classroom, f"?open={next_paragraph.pk}"))
        .text
    )
    assert "Comments on removed passages" not in page
    discussion = page[page.index(f'id="discussion-{next_paragraph.pk}"') :]
    assert "Aardvark view." in discussion and "Cormorant prompt?" in discussion
