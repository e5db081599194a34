"""Review before posting and slow mode on the course settings and assignment forms."""

import html

import pytest
from django.urls import reverse

from tests.factories import ReadingFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def course_settings(classroom, **changes):
    return {"title": classroom.course.title, "time_zone": "UTC"} | changes


def test_course_settings_set_review_for_new_students(classroom, client_for):
    url = reverse("classroom:course_settings", args=[classroom.course.slug])
    client = client_for(classroom.instructor)
    assert 'name="premoderation"' in text(client.get(url))

    response = client.post(
        url, course_settings(classroom, premoderation="new_students", new_student_days="14")
    )

    assert response.status_code == 302
    classroom.course.refresh_from_db()
    assert (classroom.course.premoderation, classroom.course.new_student_days) == (
        "new_students",
        14,
    )


def test_course_settings_without_review_fields_leave_them_alone(classroom, client_for):
    classroom.course.premoderation = "students"
    classroom.course.save()
    url = reverse("classroom:course_settings", args=[classroom.course.slug])

    client_for(classroom.instructor).post(url, course_settings(classroom, title="Renamed"))

    classroom.course.refresh_from_db()
    assert (classroom.course.title, classroom.course.premoderation) == ("Renamed", "students")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new_student_days": "0"}, "Choose between 1 and 365 days."),
        ({"new_student_days": "366"}, "Choose between 1 and 365 days."),
        ({"new_student_days": "a week"}, "Enter a whole number of days, such as 7."),
        ({"premoderation": "everyone"}, "Choose one of the listed review settings."),
    ],
)
def test_bad_course_review_settings_are_refused(classroom, client_for, changes, message):
    url = reverse("classroom:course_settings", args=[classroom.course.slug])

    response = client_for(classroom.instructor).post(url, course_settings(classroom, **changes))

    assert response.status_code == 422
    assert message in text(response)
    classroom.course.refresh_from_db()
    assert (classroom.course.premoderation, classroom.course.new_student_days) == ("off", 7)


def assignment_settings(classroom, **changes):
    return {"reading": classroom.assignment.reading_id, "instructions": "Discuss."} | changes


def test_assignment_form_sets_review_and_slow_mode(classroom, client_for):
    url = reverse(
        "classroom:assignment_edit", args=[classroom.course.slug, classroom.assignment.pk]
    )
    client = client_for(classroom.instructor)
    page = text(client.get(url))
    assert 'name="premoderate"' in page and 'name="slow_mode_seconds"' in page

    response = client.post(
        url, assignment_settings(classroom, premoderate="on", slow_mode_seconds="90")
    )

    assert response.status_code == 302
    classroom.assignment.refresh_from_db()
    assert (classroom.assignment.premoderate, classroom.assignment.slow_mode_seconds) == (True, 90)
    # An empty box turns slow mode off again.
    client.post(url, assignment_settings(classroom, slow_mode_seconds=""))
    classroom.assignment.refresh_from_db()
    assert (classroom.assignment.premoderate, classroom.assignment.slow_mode_seconds) == (False, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Slow mode is between 0 (off) and 3600 seconds."),
        ("3601", "Slow mode is between 0 (off) and 3600 seconds."),
        ("1.5", "Enter a whole number of seconds, such as 60, or 0 for off."),
    ],
)
def test_bad_slow_mode_is_refused(classroom, client_for, value, message):
    url = reverse(
        "classroom:assignment_edit", args=[classroom.course.slug, classroom.assignment.pk]
    )

    response = client_for(classroom.instructor).post(
        url, assignment_settings(classroom, slow_mode_seconds=value)
    )

    assert response.status_code == 422
    assert message in text(response)
    classroom.assignment.refresh_from_db()
    assert classroom.assignment.slow_mode_seconds == 0


def test_new_assignment_can_start_in_slow_mode(classroom, client_for):
    reading = ReadingFactory(owner=classroom.instructor)
    url = reverse("classroom:assignment_new", args=[classroom.course.slug])

    response = client_for(classroom.instructor).post(
        url, {"reading": reading.pk, "slow_mode_seconds": "3600", "premoderate": "on"}
    )

    assert response.status_code == 302
    created = classroom.course.assignments.get(reading=reading)
    assert (created.premoderate, created.slow_mode_seconds) == (True, 3600)
