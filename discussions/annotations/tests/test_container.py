"""The read-only Web Annotation Protocol container of an assignment: content negotiation,
the protocol's headers, paging, conditional requests, and no writes."""

import json

import pytest
from django.urls import reverse

from discussions.models import Comment
from tests.factories import make_comment

from .test_exports import ANNO_MEDIA_TYPE, assert_valid_web_annotation

pytestmark = pytest.mark.django_db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def container_url(classroom, **query) -> str:
    return reverse(
        "discussions:annotation_container",
        args=[classroom.course.slug, classroom.assignment.pk],
        query=query or None,
    )


def get(client, url, accept=ANNO_MEDIA_TYPE, **headers):
    return client.get(url, headers={"Accept": accept, **headers})


def test_the_container_describes_itself_with_its_first_page(classroom, client_for):
    response = get(client_for(classroom.ta), container_url(classroom))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(ANNO_MEDIA_TYPE)
    assert '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"' in response["Link"]
    assert 'rel="http://www.w3.org/ns/ldp#constrainedBy"' in response["Link"]
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "Accept" in response["Vary"]
    assert response["ETag"].startswith('"')
    container = json.loads(response.content)
    assert_valid_web_annotation(container)
    assert container["id"] == f"http://testserver{container_url(classroom)}"
    assert container["type"] == ["AnnotationCollection", "http://www.w3.org/ns/ldp#BasicContainer"]
    assert container["total"] == 1
    assert container["first"]["items"][0]["id"].endswith(f"/comments/{classroom.comment.pk}/")
    assert container["last"] == f"{container['id']}?page=1"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/ld+json", ANNO_MEDIA_TYPE),
        ("application/json", "application/json"),
        (BROWSER_ACCEPT, ANNO_MEDIA_TYPE),
        ("", ANNO_MEDIA_TYPE),
    ],
)
def test_content_negotiation(accept, media_type, classroom, client_for):
    response = get(client_for(classroom.instructor), container_url(classroom), accept=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"


@pytest.mark.parametrize(
    "accept",
    [
        "image/png",
        "text/html",
        "application/ld+json;q=0, text/csv",
        # JSON-LD compacted against some other context than the annotations'.
        'application/ld+json; profile="http://www.w3.org/ns/ldp.jsonld"',
    ],
)
def test_a_media_type_it_cannot_speak_is_refused_plainly(accept, classroom, client_for):
    response = get(client_for(classroom.ta), container_url(classroom), accept=accept)
    assert response.status_code == 406
    assert "JSON-LD" in response.text
    assert "Accept" in response["Vary"]


def test_an_unchanged_container_answers_304_and_a_change_gives_a_new_etag(classroom, client_for):
    client = client_for(classroom.ta)
    etag = get(client, container_url(classroom))["ETag"]
    again = client.get(
        container_url(classroom), headers={"Accept": ANNO_MEDIA_TYPE, "If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    Comment.objects.filter(pk=classroom.comment.pk).update(
        body="Changed.", body_html="<p>Changed.</p>"
    )
    changed = client.get(
        container_url(classroom), headers={"Accept": ANNO_MEDIA_TYPE, "If-None-Match": etag}
    )
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_pages_link_to_each_other(classroom, client_for):
    for number in range(100):
        make_comment(author=classroom.student, assignment=classroom.assignment,
                     body=f"Thought {number}.")  # fmt: skip
    client = client_for(classroom.instructor)
    container = json.loads(get(client, container_url(classroom)).content)
    assert container["total"] == 101
    assert container["first"]["next"] == container["last"]
    second = get(client, container["last"].removeprefix("http://testserver"))
    assert second.status_code == 200
    page = json.loads(second.content)
    assert_valid_web_annotation(page)
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == container["id"]
    assert page["prev"] == container["first"]["id"]
    assert page["startIndex"] == 100
    assert len(page["items"]) == 1 and "next" not in page


@pytest.mark.parametrize("number", ["0", "2", "-1", "abc", "1.5", "9" * 30])
def test_an_unknown_page_is_not_found(number, classroom, client_for):
    response = get(client_for(classroom.ta), container_url(classroom, page=number))
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_container_is_read_only(method, classroom, client_for):
    before = list(Comment.objects.values_list("pk", "body", "status"))
    response = getattr(client_for(classroom.instructor), method)(
        container_url(classroom), "{}", content_type=ANNO_MEDIA_TYPE
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert list(Comment.objects.values_list("pk", "body", "status")) == before


def test_head_and_options(classroom, client_for):
    client = client_for(classroom.ta)
    head = client.head(container_url(classroom), headers={"Accept": ANNO_MEDIA_TYPE})
    assert head.status_code == 200 and head["ETag"]
    options = client.options(container_url(classroom))
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"


def test_students_are_refused_and_outsiders_learn_nothing(classroom, client_for):
    assert get(client_for(classroom.student), container_url(classroom)).status_code == 403
    assert get(client_for(classroom.other_ta), container_url(classroom)).status_code == 404
