"""A page's comments load as stored rows and become model instances only when rendered:
settled, a row is exactly what Django's own loading gives, and a comment rendered afresh on the
page shows converted values."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from discussions.audience import audience_for
from discussions.models import Comment
from discussions.moderation import decisions
from discussions.reading import services
from discussions.reading.as_stored import AsStored, settle
from discussions.reading.threads import NOT_ON_PAGE
from tests.factories import make_comment


def page_query(audience):
    return Comment.objects.for_audience(audience).defer(*NOT_ON_PAGE)


def loaded(comment) -> dict:
    state = vars(comment).copy()
    del state["_state"]
    return state


@pytest.fixture
def varied(classroom):
    """Comments in several states: pinned, in a locked thread, late, found helpful, a reply."""
    comment = classroom.comment
    make_comment(author=classroom.student, assignment=classroom.assignment, parent=comment)
    decisions.comment_pin_toggle(comment=comment, moderator=classroom.ta)
    decisions.thread_lock_toggle(comment=comment, moderator=classroom.ta)
    services.reaction_toggle(comment=comment, user=classroom.student)
    type(classroom.assignment).objects.filter(pk=classroom.assignment.pk).update(
        due_at=timezone.now() - timedelta(days=1)
    )
    classroom.assignment.refresh_from_db()
    return classroom


def test_a_settled_comment_holds_what_django_loads(varied):
    audience = audience_for(varied.student, varied.assignment)
    expected = [loaded(comment) for comment in page_query(audience)]
    settled = [settle(row) for row in AsStored(page_query(audience))]
    assert all(type(comment) is Comment for comment in settled)
    assert [loaded(comment) for comment in settled] == expected
    assert [settle(comment) for comment in settled] == settled
    assert len(expected) == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite stores flags and times as such")
def test_a_row_holds_stored_values_until_settled(varied):
    audience = audience_for(varied.student, varied.assignment)
    row = next(iter(AsStored(page_query(audience).filter(pk=varied.comment.pk))))
    assert row.pk == varied.comment.pk
    assert (row.pinned, row.thread_locked, row.found_helpful) == (1, 1, 1)
    assert row.created_at.tzinfo is None
    comment = settle(row)
    assert (comment.pinned, comment.thread_locked, comment.found_helpful) == (True, True, True)
    assert comment.created_at == varied.comment.created_at


def test_a_comment_rendered_afresh_on_the_page_shows_converted_values(varied, client):
    client.force_login(varied.ta)
    caches["fragments"].clear()
    html = client.get(varied.assignment.get_absolute_url() + "?all=1").content.decode()
    zone = ZoneInfo(varied.course.time_zone)
    stamp = varied.comment.created_at.astimezone(zone).replace(microsecond=0).isoformat()
    assert f'<time datetime="{stamp}">' in html
    assert 'class="pinned-label"' in html
    assert 'class="late-label"' in html
