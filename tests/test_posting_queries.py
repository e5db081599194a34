"""Posting a comment writes it and queues its notices: a fixed, small number of queries
whoever is mentioned or answered, with JavaScript or without."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discussions.models import Notice
from tests.factories import MembershipFactory, make_comment

pytestmark = pytest.mark.django_db

# The session and the user, the assignment with the membership and whether they are suspended,
# what this person may see (prompts, their own posts), the comment answered, the posting limit
# (the lock on the person, their last minute's posts), the insert and its queued notices; with
# htmx, the reading's paragraphs and the comment as the answer shows it with its paragraph's count.
REPLY_BUDGET = 12
# A new thread's first comment also points at itself once it has an id.
THREAD_BUDGET = REPLY_BUDGET + 1
# Opening and closing the transaction (BEGIN IMMEDIATE on SQLite, a savepoint inside a test's
# own transaction) are not queries of the page's.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
HTMX = {"HX-Request": "true"}


def _mentioning(classroom, count: int) -> str:
    names = [MembershipFactory(course=classroom.course).user.username for _ in range(count)]
    return "Good point. " + " ".join(f"@{name}" for name in names)


def _post(client, url: str, body: str, headers: dict) -> list[str]:
    """The statements posting runs, transaction control left out."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"body": body, "kind": ""}, headers=headers)
    assert response.status_code in (201, 302), response.status_code
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(TRANSACTION_CONTROL)
    ]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_reply_costs_a_dozen_queries_at_most(headers, classroom, client_for, task_worker):
    client = client_for(classroom.student)
    parent = make_comment(
        author=classroom.classmate, assignment=classroom.assignment, parent=classroom.comment
    )
    url = reverse("discussions:comment_reply", args=[parent.pk])
    queries = _post(client, url, _mentioning(classroom, 8), headers)
    print(f"\nreply {'htmx' if headers else 'plain'}: {len(queries)} queries")
    assert len(queries) <= REPLY_BUDGET, "\n".join(queries)
    assert not Notice.objects.exists()
    task_worker()
    # The classmate answered and the eight people mentioned, in the worker.
    assert Notice.objects.count() == 9


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_new_thread_costs_a_dozen_queries_and_one(headers, classroom, client_for, task_worker):
    client = client_for(classroom.student)
    paragraph = classroom.paragraphs[1]
    url = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    queries = _post(client, url, _mentioning(classroom, 3), headers)
    print(f"\nthread {'htmx' if headers else 'plain'}: {len(queries)} queries")
    assert len(queries) <= THREAD_BUDGET, "\n".join(queries)
    task_worker()
    assert Notice.objects.count() == 3
