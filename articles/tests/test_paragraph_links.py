"""Nothing breaks a reading's paragraphs or the links from each to where it went: not the Django
admin, not a successor pointing back at itself or round in a circle."""

import signal
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Paragraph
from articles.services import reading_revise

pytestmark = pytest.mark.django_db


@contextmanager
def within(seconds: int):
    """Fail instead of hanging: a walk that never ends is stopped by an alarm."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def revised(classroom):
    """The classroom's reading edited once: its first version's paragraphs point to the second."""
    reading = classroom.assignment.reading
    texts = [p.text for p in classroom.paragraphs]
    reading_revise(
        reading=reading, paragraphs=[*texts, "A new closing paragraph."], editor=reading.owner
    )
    reading.refresh_from_db()
    old = list(Paragraph.objects.filter(version__number=1, reading=reading).order_by("position"))
    new = list(reading.current_paragraphs().order_by("position"))
    assert old[0].successor_id == new[0].pk
    return old, new


def test_the_admin_shows_a_paragraphs_text_and_successor_read_only(classroom, client_for, revised):
    old, new = revised
    paragraph = old[0]
    client = client_for(classroom.admin)
    url = reverse("admin:articles_paragraph_change", args=[paragraph.pk])

    page = client.get(url)

    assert page.status_code == 200
    html = page.text
    assert 'name="text"' not in html
    assert 'name="successor"' not in html
    assert paragraph.text in html  # shown, not editable

    client.post(url, {"text": "Rewritten behind the reading's back.", "successor": old[1].pk})
    paragraph.refresh_from_db()
    assert paragraph.text != "Rewritten behind the reading's back."
    assert paragraph.successor_id == new[0].pk


def test_the_readings_admin_lists_its_paragraphs_read_only(classroom, client_for, revised):
    reading = classroom.assignment.reading
    page = client_for(classroom.admin).get(
        reverse("admin:articles_reading_change", args=[reading.pk])
    )
    assert page.status_code == 200
    assert "paragraphs-0-text" not in page.text
    assert "paragraphs-0-successor" not in page.text


def test_a_paragraph_cannot_be_its_own_successor(revised):
    old, _ = revised
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.filter(pk=old[1].pk).update(successor=old[1].pk)


def test_a_successor_must_be_a_later_version_of_the_same_reading(revised, classroom):
    old, new = revised
    backwards = new[0]
    backwards.successor = old[0]
    with pytest.raises(ValidationError, match="later version"):
        backwards.full_clean()
    with pytest.raises(ValidationError, match="later version"):
        backwards.save()
    elsewhere = classroom.other_assignment.reading.current_paragraphs().first()
    old[2].successor = elsewhere
    with pytest.raises(ValidationError, match="same reading"):
        old[2].full_clean()


def test_a_successor_cycle_in_the_database_hangs_no_page(classroom, client_for, revised):
    """Bad data can only come from outside the app; the pages must still answer."""
    old, new = revised
    Paragraph.objects.filter(pk=new[0].pk).update(successor=old[0].pk)
    Paragraph.objects.filter(pk=new[1].pk).update(successor=old[1].pk)
    classroom.comment.paragraph = old[0]
    classroom.comment.save(update_fields=["paragraph"])
    assignment = classroom.assignment
    with within(10):
        assert old[0].current() in (None, new[0])
        client = client_for(classroom.student)
        reading_page = client.get(assignment.get_absolute_url() + "?all=1")
        assert reading_page.status_code == 200
        comment_page = client.get(reverse("discussions:comment", args=[classroom.comment.pk]))
        assert comment_page.status_code == 302
        assert client.get(comment_page["Location"]).status_code == 200
        staff = client_for(classroom.instructor)
        activity = staff.get(
            reverse("discussions:activity", args=[classroom.course.slug, assignment.pk])
        )
        assert activity.status_code == 200
        participation = staff.get(
            reverse("discussions:participation", args=[classroom.course.slug, assignment.pk])
        )
        assert participation.status_code == 200
