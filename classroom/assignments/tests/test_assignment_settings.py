"""Assignment dates and discussion settings, the course's time zone, and what dates do."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classroom.models import Assignment, Course, PostFirst
from discussions.models import Comment
from tests.factories import ReadingFactory, make_comment

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"


def new_url(classroom) -> str:
    return reverse("classroom:assignment_new", args=[classroom.course.slug])


def edit_url(classroom, assignment=None) -> str:
    assignment = assignment or classroom.assignment
    return reverse("classroom:assignment_edit", args=[classroom.course.slug, assignment.pk])


def form_data(reading, **overrides) -> dict:
    return {"reading": reading.pk, "instructions": "Read *closely*.", **overrides}


def assignment_fields(assignment: Assignment) -> tuple:
    assignment.refresh_from_db()
    return (
        assignment.reading_id,
        assignment.instructions,
        assignment.opens_at,
        assignment.due_at,
        assignment.locks_at,
        assignment.post_first,
        assignment.hide_counts_before_posting,
        assignment.anonymous,
        assignment.group_discussions,
    )


# --- The form: every setting, saved ---


def test_assigning_a_reading_saves_every_setting(classroom, client_for):
    reading = ReadingFactory(owner=classroom.instructor)
    client = client_for(classroom.instructor)
    response = client.post(
        new_url(classroom),
        form_data(
            reading,
            opens_at="2026-09-01T08:00",
            due_at="2026-09-08T17:00",
            locks_at="2026-09-15T23:59",
            post_first="paragraph",
            hide_counts_before_posting="on",
            anonymous="on",
            group_discussions="on",
        ),
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(reading=reading)
    assert response["Location"] == assignment.get_absolute_url()
    assert assignment.opens_at == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    assert assignment.due_at == datetime(2026, 9, 8, 17, 0, tzinfo=UTC)
    assert assignment.locks_at == datetime(2026, 9, 15, 23, 59, tzinfo=UTC)
    assert assignment.post_first == PostFirst.PARAGRAPH and assignment.hide_counts_before_posting
    assert assignment.anonymous and assignment.group_discussions
    assert "<em>closely</em>" in assignment.instructions_html


def test_the_form_explains_each_setting(classroom, client_for):
    page = client_for(classroom.instructor).get(new_url(classroom)).text
    for help_text in (
        "Students see the reading from this moment.",
        "Posts after this are late.",
        "The discussion becomes read-only at this moment.",
        "Students see classmates&#x27; comments only after posting their own: once anywhere "
        "in the reading, or in each paragraph before that paragraph&#x27;s discussion.",
        "Posting once unlocks the whole reading",
        "Posting in a paragraph unlocks that paragraph&#x27;s discussion",
        "With post-first, also hide how many comments classmates wrote.",
        "Students appear to classmates under a pseudonym.",
        "Each group discusses separately; staff see every group.",
    ):
        assert help_text in page
    assert 'type="datetime-local"' in page
    assert "UTC" in page  # the zone the dates are typed in


BAD_DATES = {
    "due before opens": (
        {"opens_at": "2026-09-08T09:00", "due_at": "2026-09-01T09:00"},
        "due_at",
        "The due date is before the reading opens.",
    ),
    "locks before opens": (
        {"opens_at": "2026-09-08T09:00", "locks_at": "2026-09-01T09:00"},
        "locks_at",
        "The discussion would lock before the reading opens.",
    ),
    "locks before due": (
        {"due_at": "2026-09-08T09:00", "locks_at": "2026-09-07T09:00"},
        "locks_at",
        "The discussion would lock before the due date",
    ),
    "not a date": ({"due_at": "next Tuesday"}, "due_at", "Enter a date and time"),
}


@pytest.mark.parametrize("case", BAD_DATES)
def test_impossible_dates_are_refused_and_nothing_is_saved(case, classroom, client_for):
    dates, field, message = BAD_DATES[case]
    reading = ReadingFactory(owner=classroom.instructor)
    response = client_for(classroom.instructor).post(
        new_url(classroom), form_data(reading, **dates)
    )
    assert response.status_code == 422
    assert message in response.text
    # Shown beside the field it is about, and tied to it for screen readers.
    assert f'id="id_{field}_error"' in response.text
    assert re.search(
        rf'aria-describedby="[^"]*\bid_{field}_error\b[^"]*" id="id_{field}"', response.text
    )
    assert not Assignment.objects.filter(reading=reading).exists()


@pytest.mark.parametrize("case", BAD_DATES)
def test_editing_to_impossible_dates_changes_nothing(case, classroom, client_for):
    dates, _, message = BAD_DATES[case]
    before = assignment_fields(classroom.assignment)
    response = client_for(classroom.instructor).post(
        edit_url(classroom), form_data(classroom.assignment.reading, **dates)
    )
    assert response.status_code == 422
    assert message in response.text
    assert assignment_fields(classroom.assignment) == before


def test_locking_at_the_due_date_is_fine(classroom, client_for):
    reading = ReadingFactory(owner=classroom.instructor)
    response = client_for(classroom.instructor).post(
        new_url(classroom),
        form_data(reading, due_at="2026-09-08T09:00", locks_at="2026-09-08T09:00"),
    )
    assert response.status_code == 302


def test_a_reading_the_instructor_does_not_own_is_refused(classroom, client_for):
    someone_elses = ReadingFactory(owner=classroom.ta)
    response = client_for(classroom.instructor).post(new_url(classroom), form_data(someone_elses))
    assert response.status_code == 422
    assert "Choose one of your own readings." in response.text
    assert not Assignment.objects.filter(reading=someone_elses).exists()


# --- Time zones ---


@pytest.mark.parametrize(
    ("typed", "instant"),
    [
        # Eastern Standard Time in January (UTC-5), Daylight Time in September (UTC-4).
        ("2027-01-15T09:00", datetime(2027, 1, 15, 14, 0, tzinfo=UTC)),
        ("2026-09-14T09:00", datetime(2026, 9, 14, 13, 0, tzinfo=UTC)),
    ],
)
def test_dates_are_typed_in_the_courses_time_zone(typed, instant, classroom, client_for):
    Course.objects.filter(pk=classroom.course.pk).update(time_zone=NEW_YORK)
    reading = ReadingFactory(owner=classroom.instructor)
    client = client_for(classroom.instructor)
    response = client.post(new_url(classroom), form_data(reading, due_at=typed))
    assert response.status_code == 302
    assignment = Assignment.objects.get(reading=reading)
    assert assignment.due_at == instant
    # Editing shows the same wall-clock time back, not the UTC one.
    page = client.get(edit_url(classroom, assignment)).text
    assert f'value="{typed}"' in page
    assert NEW_YORK in page


def test_course_page_and_reading_page_show_dates_in_the_courses_zone(classroom, client_for):
    Course.objects.filter(pk=classroom.course.pk).update(time_zone=NEW_YORK)
    Assignment.objects.filter(pk=classroom.assignment.pk).update(
        due_at=datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    )
    client = client_for(classroom.student)
    course_page = client.get(classroom.course.get_absolute_url()).text
    assert "Fri 15 Jan, 09:00" in course_page
    assert "14:00" not in course_page
    reading_page = client.get(classroom.assignment.get_absolute_url()).text
    assert "Friday 15 January, 09:00" in reading_page


def test_instructors_change_the_title_and_time_zone(classroom, client_for):
    url = reverse("classroom:course_settings", args=[classroom.course.slug])
    client = client_for(classroom.instructor)
    assert 'value="UTC" selected' in client.get(url).text
    response = client.post(url, {"title": "Reading Closely", "time_zone": NEW_YORK})
    assert response.status_code == 302
    classroom.course.refresh_from_db()
    assert (classroom.course.title, classroom.course.time_zone) == ("Reading Closely", NEW_YORK)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"title": "Seminar", "time_zone": "Mars/Olympus_Mons"},
            "Choose a time zone from the list.",
        ),
        ({"title": "Seminar", "time_zone": ""}, "Choose a time zone from the list."),
        ({"title": "   ", "time_zone": "UTC"}, "This field is required."),
    ],
)
def test_bad_course_settings_are_refused(data, message, classroom, client_for):
    url = reverse("classroom:course_settings", args=[classroom.course.slug])
    response = client_for(classroom.instructor).post(url, data)
    assert response.status_code == 422
    assert message in response.text
    classroom.course.refresh_from_db()
    assert classroom.course.time_zone == "UTC"
    assert classroom.course.title != "Seminar"


# --- Dates in words, and changing the zone without losing the form ---


def test_saved_dates_are_said_in_words_in_the_courses_zone(classroom, client_for):
    Course.objects.filter(pk=classroom.course.pk).update(time_zone=NEW_YORK)
    Assignment.objects.filter(pk=classroom.assignment.pk).update(
        opens_at=datetime(2027, 1, 11, 13, 0, tzinfo=UTC),
        due_at=datetime(2027, 1, 15, 14, 0, tzinfo=UTC),
    )
    page = client_for(classroom.instructor).get(edit_url(classroom)).text
    assert "Opens Monday 11 January 2027, 08:00, New York time." in page
    assert "Due Friday 15 January 2027, 09:00, New York time." in page
    assert "Locks " not in page


def test_typed_dates_are_said_in_words_after_a_mistake(classroom, client_for):
    Course.objects.filter(pk=classroom.course.pk).update(time_zone=NEW_YORK)
    reading = ReadingFactory(owner=classroom.instructor)
    data = form_data(reading, due_at="2026-12-11T23:59", locks_at="2026-12-10T09:00")
    response = client_for(classroom.instructor).post(new_url(classroom), data)
    assert response.status_code == 422
    assert "Due Friday 11 December 2026, 23:59, New York time." in response.text
    assert "Locks Thursday 10 December 2026, 09:00, New York time." in response.text


def test_changing_the_zone_from_the_form_keeps_what_was_typed(classroom, client_for):
    reading = ReadingFactory(owner=classroom.instructor)
    client = client_for(classroom.instructor)
    typed = form_data(
        reading, instructions="Mark one *claim*.", due_at="2026-12-11T23:59", post_first="paragraph"
    )
    page = client.get(new_url(classroom)).text
    assert 'name="change_time_zone"' in page

    response = client.post(new_url(classroom), {**typed, "change_time_zone": "1"})
    settings_url = reverse("classroom:course_settings", args=[classroom.course.slug])
    assert response.status_code == 302
    assert response["Location"] == f"{settings_url}?next={new_url(classroom)}"
    assert not Assignment.objects.filter(reading=reading).exists()

    response = client.post(
        response["Location"], {"title": classroom.course.title, "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 302
    assert response["Location"] == new_url(classroom)
    page = client.get(new_url(classroom)).text
    assert "Mark one *claim*." in page
    assert 'value="2026-12-11T23:59"' in page
    assert re.search(r'value="paragraph"[^>]*checked', page)
    assert "Due Friday 11 December 2026, 23:59, Paris time." in page
    # What was kept is given back once.
    assert "Mark one *claim*." not in client.get(new_url(classroom)).text


def test_changing_the_zone_while_editing_comes_back_to_the_edit(classroom, client_for):
    client = client_for(classroom.instructor)
    data = form_data(classroom.assignment.reading, instructions="Changed my mind.")
    response = client.post(edit_url(classroom), {**data, "change_time_zone": "1"})
    assert response["Location"].endswith(f"?next={edit_url(classroom)}")
    classroom.assignment.refresh_from_db()
    assert classroom.assignment.instructions != "Changed my mind."
    assert "Changed my mind." in client.get(edit_url(classroom)).text


@pytest.mark.parametrize("away", ["https://elsewhere.example/", "//elsewhere.example/x"])
def test_course_settings_go_back_only_to_this_site(away, classroom, client_for):
    url = reverse("classroom:course_settings", args=[classroom.course.slug])
    response = client_for(classroom.instructor).post(
        f"{url}?next={away}", {"title": "Seminar", "time_zone": "UTC"}
    )
    assert response["Location"] == classroom.course.get_absolute_url()


# --- Editing ---


def test_editing_changes_the_settings(classroom, client_for):
    client = client_for(classroom.instructor)
    page = client.get(edit_url(classroom))
    assert page.status_code == 200
    assert "Edit assignment" in page.text
    response = client.post(
        edit_url(classroom),
        form_data(classroom.assignment.reading, due_at="2026-10-01T12:00", anonymous="on"),
    )
    assert response.status_code == 302
    classroom.assignment.refresh_from_db()
    assert classroom.assignment.due_at == datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    assert classroom.assignment.anonymous
    assert classroom.assignment.post_first == PostFirst.OFF


def test_the_reading_cannot_be_swapped_once_people_have_commented(classroom, client_for):
    other = ReadingFactory(owner=classroom.instructor)
    client = client_for(classroom.instructor)
    page = client.get(edit_url(classroom)).text
    assert "People have commented on it, so the reading can&#x27;t be swapped." in page
    response = client.post(edit_url(classroom), form_data(other))
    assert response.status_code == 302  # the field is fixed, so the posted reading is ignored
    classroom.assignment.refresh_from_db()
    assert classroom.assignment.reading_id != other.pk


def test_a_reading_without_comments_can_be_swapped_for_ones_own(classroom, client_for):
    assignment = classroom.other_assignment
    assignment.course = classroom.course
    assignment.save()
    mine = ReadingFactory(owner=classroom.instructor)
    response = client_for(classroom.instructor).post(
        edit_url(classroom, assignment), form_data(mine)
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.reading == mine


def test_managers_see_edit_links_and_others_do_not(classroom, client_for):
    link = edit_url(classroom)
    for user, expected in [
        (classroom.instructor, True),
        (classroom.admin, True),
        (classroom.ta, False),
        (classroom.student, False),
    ]:
        client = client_for(user)
        assert (link in client.get(classroom.course.get_absolute_url()).text) is expected
        assert (link in client.get(classroom.assignment.get_absolute_url()).text) is expected


def test_teaching_assistants_may_not_edit(classroom, client_for):
    before = assignment_fields(classroom.assignment)
    client = client_for(classroom.ta)
    assert client.get(edit_url(classroom)).status_code == 403
    response = client.post(edit_url(classroom), form_data(classroom.assignment.reading))
    assert response.status_code == 403
    assert assignment_fields(classroom.assignment) == before


def test_an_assignment_of_another_course_is_not_found(classroom, client_for):
    url = reverse(
        "classroom:assignment_edit", args=[classroom.course.slug, classroom.other_assignment.pk]
    )
    assert client_for(classroom.instructor).get(url).status_code == 404


# --- What the dates do ---


def set_dates(assignment, **dates):
    Assignment.objects.filter(pk=assignment.pk).update(**dates)
    assignment.refresh_from_db()


def test_before_opening_students_get_403_and_staff_see_the_reading(classroom, client_for):
    set_dates(classroom.assignment, opens_at=timezone.now() + timedelta(days=2))
    url = classroom.assignment.get_absolute_url()
    response = client_for(classroom.student).get(url)
    assert response.status_code == 403
    assert "This reading opens on" in response.text
    for staff in (classroom.instructor, classroom.ta, classroom.admin):
        page = client_for(staff).get(url)
        assert page.status_code == 200
        assert "Opens for students" in page.text


def test_course_page_lists_an_unopened_reading_without_a_link_for_students(classroom, client_for):
    Course.objects.filter(pk=classroom.course.pk).update(time_zone=NEW_YORK)
    opens = datetime(2099, 1, 15, 14, 0, tzinfo=UTC)
    set_dates(classroom.assignment, opens_at=opens)
    link = f'href="{classroom.assignment.get_absolute_url()}"'
    student_page = client_for(classroom.student).get(classroom.course.get_absolute_url()).text
    assert "Opens <time" in student_page
    assert "Thu 15 Jan, 09:00" in student_page
    assert link not in student_page
    assert classroom.assignment.reading.title in student_page
    staff_page = client_for(classroom.ta).get(classroom.course.get_absolute_url()).text
    assert link in staff_page
    assert "Opens <time" in staff_page


def test_course_page_marks_a_locked_assignment_closed(classroom, client_for):
    now = timezone.now()
    set_dates(
        classroom.assignment,
        opens_at=now - timedelta(days=9),
        due_at=now - timedelta(days=3),
        locks_at=now - timedelta(days=1),
    )
    student_page = client_for(classroom.student).get(classroom.course.get_absolute_url()).text
    assert "Closed" in student_page
    assert f'href="{classroom.assignment.get_absolute_url()}"' in student_page  # still readable
    staff_page = client_for(classroom.instructor).get(classroom.course.get_absolute_url()).text
    assert "Closed" in staff_page and "Opened <time" in staff_page and "Due <time" in staff_page


def test_after_locking_posting_is_refused_and_the_page_says_closed(classroom, client_for):
    set_dates(classroom.assignment, locks_at=timezone.now() - timedelta(minutes=1))
    count = Comment.objects.count()
    paragraph = classroom.paragraphs[1]
    client = client_for(classroom.student)
    url = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(url, {"body": "Too late?"}, headers=headers)
        assert response.status_code == 403
        assert "This discussion is closed" in response.text
    reply = client.post(
        reverse("discussions:comment_reply", args=[classroom.comment.pk]), {"body": "Late reply"}
    )
    assert reply.status_code == 403
    assert Comment.objects.count() == count
    page = client.get(f"{classroom.assignment.get_absolute_url()}?open={paragraph.pk}").text
    assert "This discussion is closed." in page
    assert f'id="thread-form-{paragraph.pk}"' not in page


def test_late_posts_are_marked_and_staff_see_the_label(classroom, client_for):
    set_dates(classroom.assignment, due_at=timezone.now() - timedelta(hours=1))
    paragraph = classroom.paragraphs[1]
    response = client_for(classroom.student).post(
        reverse(
            "discussions:thread_create",
            args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
        ),
        {"body": "Sorry, this is late."},
    )
    assert response.status_code == 302
    url = f"{classroom.assignment.get_absolute_url()}?open={paragraph.pk}"
    staff_page = client_for(classroom.ta).get(url).text
    # Only the new comment is late: the fixture's was written before the due date.
    assert staff_page.count('<span class="late-label">late</span>') == 1
    assert client_for(classroom.classmate).get(url).text.count('class="late-label"') == 0


def test_posts_before_the_due_date_are_not_late(classroom, client_for):
    set_dates(classroom.assignment, due_at=timezone.now() + timedelta(hours=1))
    make_comment(author=classroom.student, assignment=classroom.assignment)
    page = client_for(classroom.ta).get(f"{classroom.assignment.get_absolute_url()}?all=1").text
    assert 'class="late-label"' not in page


def test_a_new_assignment_starts_with_post_first_off_chosen(classroom, client_for):
    """A radio group with nothing chosen leaves the teacher guessing what Assign will do."""
    html = client_for(classroom.instructor).get(new_url(classroom)).content.decode()
    checked = re.findall(r'<input type="radio" name="post_first" value="(\w+)"[^>]*checked', html)
    assert checked == [PostFirst.OFF]
