"""The reading page as it opens, with no discussion open, shows the threads that sit outside
the paragraphs (on removed passages, on the whole reading) to whoever may see them, in any
state, and reads no threads at all when the counts show there is none for this viewer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.services import reading_revise
from discussions.models import Status
from discussions.moderation.decisions import comment_hide
from discussions.reading.services import comment_create, prompt_create

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> tuple[int, str]:
    client.get(url)  # once first, so both counts leave out what a first visit caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.text


def test_a_hidden_thread_on_a_removed_passage_shows_to_its_author_as_the_page_opens(
    classroom, client_for
):
    url = classroom.assignment.get_absolute_url()
    student = client_for(classroom.student)
    before, page = queries_for(student, url)
    assert "Comments on removed passages" not in page

    doomed = classroom.paragraphs[2]
    comment = comment_create(
        author=classroom.student,
        assignment=classroom.assignment,
        body="A thought on words that will go.",
        paragraph=doomed,
    )
    reading = classroom.assignment.reading
    kept = [paragraph.text for paragraph in classroom.paragraphs if paragraph != doomed]
    reading_revise(reading=reading, paragraphs=kept, editor=reading.owner)
    # Hidden, it counts nowhere, yet its author still sees it, with the reason.
    comment_hide(comment=comment, moderator=classroom.instructor, reason="Off topic")

    after, page = queries_for(student, url)
    removed = page.split("Comments on removed passages", 1)[1]
    assert f'id="{comment.anchor}"' in removed
    assert "Off topic" in removed
    # The threads outside the paragraphs cost the one query that reads them, only when there.
    assert after == before + 1
    _queries, staff_page = queries_for(client_for(classroom.instructor), url)
    assert f'id="{comment.anchor}"' in staff_page.split("Comments on removed passages", 1)[1]


def test_an_answer_waiting_for_review_to_a_whole_reading_prompt_shows_to_its_author(
    classroom, client_for
):
    assignment = classroom.assignment
    assignment.premoderate = True
    assignment.save(update_fields=["premoderate"])
    prompt = prompt_create(assignment=assignment, author=classroom.ta, body="On the whole?")
    comment = comment_create(
        author=classroom.student, assignment=assignment, body="My answer.", prompt=prompt
    )
    assert comment.status == Status.PENDING
    url = assignment.get_absolute_url()
    _queries, page = queries_for(client_for(classroom.student), url)
    assert f'id="{comment.anchor}"' in page.split("On the whole?", 1)[1]
    _queries, page = queries_for(client_for(classroom.classmate), url)
    assert "On the whole?" in page
    assert f'id="{comment.anchor}"' not in page
