"""An earlier version of a reading, read-only, at the address exports name as an annotation's
source: its own paragraphs at their own anchors, with a way back to the current text."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.services import reading_revise
from classroom.models import Assignment

pytestmark = pytest.mark.django_db


def version_url(classroom, number) -> str:
    return reverse(
        "discussions:reading_version",
        args=[classroom.course.slug, classroom.assignment.pk, number],
    )


@pytest.fixture
def revised(classroom):
    """The reading with its second paragraph reworded and a third added: version 2."""
    reading = classroom.assignment.reading
    texts = [paragraph.text for paragraph in classroom.paragraphs]
    texts[1] = "A wholly rewritten second paragraph."
    reading_revise(reading=reading, paragraphs=[*texts, "An added ending."], editor=reading.owner)
    return reading


def test_an_earlier_version_shows_its_own_words_and_leads_to_the_current_one(
    classroom, client_for, revised
):
    response = client_for(classroom.student).get(version_url(classroom, 1))
    assert response.status_code == 200
    page = response.text
    assert "You are reading an earlier version (1)" in page
    assert f'<a href="{classroom.assignment.get_absolute_url()}">go to the current one</a>' in page
    for paragraph in classroom.paragraphs:
        assert f'id="p-{paragraph.pk}"' in page
        assert paragraph.text in page
    assert "A wholly rewritten second paragraph." not in page
    assert "An added ending." not in page
    # Read-only: nothing to post, nothing polling.
    assert "<form" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "data-live-updates" not in page


def test_the_current_version_is_the_reading_page(classroom, client_for, revised):
    response = client_for(classroom.student).get(version_url(classroom, 2))
    assert response.status_code == 302
    assert response.url == classroom.assignment.get_absolute_url()


@pytest.mark.parametrize("number", [0, 3, 999999999999999999])
def test_a_version_the_reading_never_had_is_not_found_and_says_so(
    number, classroom, client_for, revised
):
    response = client_for(classroom.student).get(version_url(classroom, number))
    assert response.status_code == 404
    assert f"This reading has no version {number}: its versions are 1 to 2." in response.text


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "9" * 19])
def test_a_bad_version_is_not_found(bad, classroom, client_for):
    url = version_url(classroom, 1).replace("/versions/1/", f"/versions/{bad}/")
    assert client_for(classroom.student).get(url).status_code == 404


def test_people_outside_the_course_learn_nothing(classroom, client_for, revised):
    for person in (classroom.outsider, classroom.other_student, classroom.other_ta):
        response = client_for(person).get(version_url(classroom, 1))
        assert response.status_code == 404
        assert "no version" not in response.text


def test_before_it_opens_students_may_not_read_an_earlier_version(classroom, client_for, revised):
    Assignment.objects.filter(pk=classroom.assignment.pk).update(
        opens_at=timezone.now() + timezone.timedelta(days=1)
    )
    assert client_for(classroom.student).get(version_url(classroom, 1)).status_code == 403
    assert client_for(classroom.ta).get(version_url(classroom, 1)).status_code == 200


def test_the_reading_page_sends_an_older_exports_version_address_to_the_version_page(
    classroom, client_for, revised
):
    reading_url = classroom.assignment.get_absolute_url()
    client = client_for(classroom.student)
    response = client.get(reading_url, {"version": "1"})
    assert response.status_code == 302
    assert response.url == version_url(classroom, 1)
    assert client.get(reading_url, {"version": "one"}).status_code == 200
