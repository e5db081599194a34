import re

import pytest
from django.urls import resolve

from discussions.models import MAX_DEPTH, Kind
from discussions.reading.services import comment_create
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def reading_url(classroom, **params):
    url = classroom.assignment.get_absolute_url()
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def test_student_starts_a_thread_without_javascript(classroom, client_for):
    client = client_for(classroom.student)
    paragraph = classroom.paragraphs[2]
    url = f"/c/{classroom.course.slug}/a/{classroom.assignment.pk}/p/{paragraph.pk}/comments/"
    response = client.post(url, {"body": "Paragraph three is *key*."})
    assert response.status_code == 302
    comment = paragraph.comments.get()
    assert response["Location"].endswith(f"?open={paragraph.pk}&thread={comment.pk}#c-{comment.pk}")
    page = client.get(response["Location"])
    assert "Paragraph three is <em>key</em>." in page.text


def test_reply_with_htmx_returns_the_fragment_aimed_at_the_parent(classroom, client_for):
    client = client_for(classroom.student)
    parent = classroom.comment
    response = client.post(
        f"/comments/{parent.pk}/reply/", {"body": "I agree."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 201
    assert response["HX-Retarget"] == f"#replies-{parent.pk}"
    assert response["HX-Reswap"] == "beforeend"
    assert "I agree." in response.text
    assert "<html" not in response.text


def test_replies_deeper_than_the_limit_attach_at_the_last_level(classroom):
    comment = classroom.comment
    for _ in range(MAX_DEPTH + 2):
        comment = make_comment(
            author=classroom.student, assignment=classroom.assignment, parent=comment
        )
    assert comment.depth == MAX_DEPTH - 1
    assert comment.reply_to is not None
    assert comment.thread_root == classroom.comment


def test_deep_reply_shows_who_it_answers(classroom, client_for):
    comment = classroom.comment
    for _ in range(MAX_DEPTH):
        comment = make_comment(
            author=classroom.student, assignment=classroom.assignment, parent=comment
        )
    page = client_for(classroom.student).get(reading_url(classroom, open=comment.paragraph_id))
    assert f"replying to @{classroom.student.public_name}" in page.text


def test_every_comment_link_on_the_page_resolves_to_a_view(classroom, client_for):
    """Comment actions are built from the comment's address; each must still be a real URL."""
    make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=classroom.comment
    )
    for user in (classroom.student, classroom.instructor):
        page = client_for(user).get(reading_url(classroom, all=1)).text
        links = set(re.findall(r'(?:href|action|hx-get|hx-post)="(/comments/[^"#?]*)', page))
        assert len(links) >= 5
        for link in links:
            assert resolve(link).url_name.startswith(("comment", "thread")), link


def test_the_reply_type_filter_shows_the_threads_that_hold_that_type(classroom, client_for):
    """The filter "Show threads with: question" picks threads, not whole paragraphs: a
    thread without a question stays out even when another thread on its paragraph has one."""
    paragraph = classroom.paragraphs[3]
    asking = make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        paragraph=paragraph,
        body="Where does this start.",
    )
    question = comment_create(
        author=classroom.classmate,
        assignment=classroom.assignment,
        parent=asking,
        body="Which clause do you mean?",
        kind=Kind.QUESTION,
    )
    plain = make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=paragraph,
        body="A thread with no question in it.",
    )
    make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=plain, body="Agreed."
    )
    response = client_for(classroom.student).get(reading_url(classroom, all=1, type=Kind.QUESTION))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="c-{asking.pk}"' in html and f'id="c-{question.pk}"' in html
    assert "A thread with no question in it." not in html and "Agreed." not in html
    # The fixture's thread on the first paragraph has no question either.
    assert f'id="c-{classroom.comment.pk}"' not in html
    # Every list the page opened is closed again.
    assert html.count('<ol class="replies"') == html.count("</ol></li>")
    assert "Only threads with a comment labelled “Question” are shown" in html
