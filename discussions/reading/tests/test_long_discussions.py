"""A paragraph with thousands of comments opens one page of threads at a time, in the same
order and to the same people as a short discussion, and a link to any comment finds it."""

import re
from html import unescape as html_unescape
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse

from discussions.models import Comment, Status
from discussions.reading.threads import THREADS_PER_PAGE
from tests.factories import add_threads

pytestmark = pytest.mark.django_db

THREAD_START = re.compile(r'<li class="comment-item depth-0" id="c-(\d+)"')
PAGE_LINK = re.compile(r'href="\?([^"#]*)#threads-(\d+)"')


def threads_url(classroom, paragraph, **query):
    url = reverse(
        "discussions:paragraph_threads",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def page_links(html: str) -> list[dict]:
    """The query of each link to a page of a paragraph's threads, in page order."""
    return [dict(parse_qsl(html_unescape(query))) for query, _paragraph in PAGE_LINK.findall(html)]


def shown_starts(html: str) -> list[int]:
    return [int(pk) for pk in THREAD_START.findall(html)]


@pytest.fixture
def long_discussion(classroom):
    """45 threads of two comments on paragraph 2, two of them pinned, besides the classmate's
    thread on paragraph 1."""
    paragraph = classroom.paragraphs[1]
    starts = add_threads(
        classroom.assignment, paragraph, [classroom.classmate, classroom.student], 45
    )
    Comment.objects.filter(pk__in=[starts[10].pk, starts[30].pk]).update(pinned=True)
    order = [starts[10].pk, starts[30].pk] + [
        start.pk for start in starts if start.pk not in (starts[10].pk, starts[30].pk)
    ]
    return paragraph, order


def test_a_long_discussion_opens_at_its_first_page_pinned_threads_first(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    client = client_for(classroom.student)
    page = client.get(classroom.assignment.get_absolute_url(), {"open": paragraph.pk})
    assert shown_starts(page.text) == order[:THREADS_PER_PAGE]
    assert page_links(page.text) == [{"open": str(paragraph.pk), "page": "2"}]
    assert f'hx-get="{threads_url(classroom, paragraph, page=2)}"' in page.text
    assert "Show earlier threads" not in page.text


def test_show_more_with_htmx_appends_the_next_threads_and_moves_the_control(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    client = client_for(classroom.student)
    second = client.get(threads_url(classroom, paragraph, page=2), headers={"HX-Request": "true"})
    assert second.status_code == 200
    assert "<html" not in second.text
    assert shown_starts(second.text) == order[THREADS_PER_PAGE : 2 * THREADS_PER_PAGE]
    assert f'id="more-threads-{paragraph.pk}" hx-swap-oob="true"' in second.text
    assert page_links(second.text) == [{"open": str(paragraph.pk), "page": "3"}]
    last = client.get(threads_url(classroom, paragraph, page=3), headers={"HX-Request": "true"})
    assert shown_starts(last.text) == order[2 * THREADS_PER_PAGE :]
    assert f'<p id="more-threads-{paragraph.pk}" hx-swap-oob="delete"></p>' in last.text
    # Every thread whole, each once.
    assert last.text.count('class="comment-item depth-1"') == len(order) - 2 * THREADS_PER_PAGE


def test_show_more_without_javascript_opens_the_next_page_of_the_reading(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    client = client_for(classroom.student)
    response = client.get(threads_url(classroom, paragraph, page=2))
    assert response.status_code == 302
    reading = classroom.assignment.get_absolute_url()
    assert response["Location"] == f"{reading}?open={paragraph.pk}&page=2#threads-{paragraph.pk}"
    page = client.get(response["Location"])
    assert shown_starts(page.text) == order[THREADS_PER_PAGE : 2 * THREADS_PER_PAGE]
    assert "Show earlier threads" in page.text
    assert page_links(page.text) == [
        {"open": str(paragraph.pk), "page": "1"},
        {"open": str(paragraph.pk), "page": "3"},
    ]


def test_a_link_to_a_comment_on_a_later_page_lands_on_it(classroom, client_for, long_discussion):
    _paragraph, order = long_discussion
    reply = Comment.objects.get(parent_id=order[-1])
    client = client_for(classroom.student)
    response = client.get(reply.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].endswith(f"thread={order[-1]}#c-{reply.pk}")
    page = client.get(response["Location"])
    assert f'id="c-{reply.pk}"' in page.text
    assert shown_starts(page.text) == order[2 * THREADS_PER_PAGE :]


def test_threads_a_student_may_not_see_take_no_place_and_give_nothing_away(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    # The classmate's threads (the pinned two among them) wait for review: the student's
    # pages hold only their own, and a link to a waiting thread opens page 1 as for any other
    # they cannot see.
    waiting = Comment.objects.filter(pk__in=order, author=classroom.classmate)
    waiting_ids = list(waiting.values_list("pk", flat=True))
    waiting.update(status=Status.PENDING)
    mine = sorted(pk for pk in order if pk not in waiting_ids)
    client = client_for(classroom.student)
    reading = classroom.assignment.get_absolute_url()
    page = client.get(reading, {"open": paragraph.pk, "thread": waiting_ids[-1]})
    assert shown_starts(page.text) == mine[:THREADS_PER_PAGE]
    assert f"c-{waiting_ids[-1]}" not in page.text
    # The instructor sees every thread, the waiting ones among them, pinned first.
    staff_page = client_for(classroom.instructor).get(reading, {"open": paragraph.pk})
    assert shown_starts(staff_page.text) == order[:THREADS_PER_PAGE]


def test_every_discussion_open_shows_each_paragraphs_first_page(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    client = client_for(classroom.student)
    page = client.get(classroom.assignment.get_absolute_url(), {"all": "1"})
    assert shown_starts(page.text) == [classroom.comment.pk, *order[:THREADS_PER_PAGE]]
    assert page_links(page.text) == [{"open": str(paragraph.pk), "page": "2"}]


def test_a_label_filter_pages_through_the_threads_that_hold_it(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    labelled = Comment.objects.filter(parent_id__in=order).order_by("pk")[::2]
    Comment.objects.filter(pk__in=[reply.pk for reply in labelled]).update(kind="question")
    holding = [pk for pk in order if pk in {reply.parent_id for reply in labelled}]
    client = client_for(classroom.student)
    page = client.get(classroom.assignment.get_absolute_url(), {"all": "1", "type": "question"})
    assert shown_starts(page.text) == holding[:THREADS_PER_PAGE]
    assert page_links(page.text) == [{"type": "question", "open": str(paragraph.pk), "page": "2"}]
    more = client.get(
        threads_url(classroom, paragraph, page=2, type="question"), headers={"HX-Request": "true"}
    )
    assert shown_starts(more.text) == holding[THREADS_PER_PAGE:]


def test_bad_page_numbers_are_the_first_page_or_an_empty_one(
    classroom, client_for, long_discussion
):
    paragraph, order = long_discussion
    client = client_for(classroom.student)
    reading = classroom.assignment.get_absolute_url()
    for page in ("0", "-1", "x", "9" * 30):
        response = client.get(reading, {"open": paragraph.pk, "page": page})
        assert shown_starts(response.text) == order[:THREADS_PER_PAGE]
    for paragraph_id in ("999999", str(classroom.other_assignment.reading.paragraphs.first().pk)):
        response = client.get(reading, {"open": paragraph_id, "page": "2", "thread": order[0]})
        assert response.status_code == 200
    beyond = client.get(threads_url(classroom, paragraph, page=999), headers={"HX-Request": "true"})
    assert beyond.status_code == 200
    assert shown_starts(beyond.text) == []


def test_opening_a_paragraph_costs_the_same_with_five_thousand_comments(
    classroom, client_for, django_assert_max_num_queries
):
    paragraph = classroom.paragraphs[1]
    authors = [classroom.classmate, classroom.student, classroom.ta]
    client = client_for(classroom.student)
    reading = classroom.assignment.get_absolute_url()
    urls = {
        "open": (f"{reading}?open={paragraph.pk}", {}),
        "all": (f"{reading}?all=1", {}),
        "later page": (f"{reading}?open={paragraph.pk}&page=3", {}),
        "show more": (threads_url(classroom, paragraph, page=2), {"HX-Request": "true"}),
        "discussion": (
            reverse(
                "discussions:paragraph_discussion",
                args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
            ),
            {"HX-Request": "true"},
        ),
    }

    def queries():
        counts = {}
        for name, (url, headers) in urls.items():
            with django_assert_max_num_queries(16) as captured:
                response = client.get(url, headers=headers)
            assert response.status_code == 200
            assert len(shown_starts(response.text)) <= THREADS_PER_PAGE + 1
            counts[name] = len(captured.captured_queries)
        return counts

    add_threads(classroom.assignment, paragraph, authors, 60)
    few = queries()
    add_threads(classroom.assignment, paragraph, authors, 1250, replies=3)
    assert classroom.assignment.comments.filter(paragraph=paragraph).count() > 5000
    assert queries() == few
