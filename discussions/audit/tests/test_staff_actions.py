"""Every staff action is in the audit log with who, what, when, before and after: roles,
removals and restores, join codes, course and assignment settings, rubrics, watched words
and prompts; the page and CSV show them at a fixed cost."""

import csv
import io

import pytest
from django.urls import reverse

from classroom.models import Membership, Role
from discussions.models import ModerationAction, WatchedWord
from discussions.moderation.watched_words import watched_words_for

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind


def last(classroom) -> ModerationAction:
    return ModerationAction.objects.filter(course=classroom.course).latest("pk")


def roster_url(name, classroom, membership):
    return reverse(f"classroom:{name}", args=[classroom.course.slug, membership.pk])


def test_role_changes_removals_and_restores_are_recorded(classroom, client_for):
    client = client_for(classroom.instructor)
    membership = Membership.objects.get(user=classroom.student, course=classroom.course)
    client.post(roster_url("membership_role", classroom, membership), {"role": Role.TA})
    row = last(classroom)
    assert (row.kind, row.actor, row.subject) == (
        Kind.ROLE_CHANGE,
        classroom.instructor,
        classroom.student,
    )
    assert (row.details_before, row.details_after) == ("Student", "Teaching assistant")
    client.post(roster_url("membership_remove", classroom, membership))
    assert (last(classroom).kind, last(classroom).subject) == (
        Kind.MEMBER_REMOVE,
        classroom.student,
    )
    client.post(roster_url("membership_restore", classroom, membership))
    assert last(classroom).kind == Kind.MEMBER_RESTORE


def test_a_refused_role_change_records_nothing(classroom, client_for):
    client = client_for(classroom.instructor)
    membership = Membership.objects.get(user=classroom.instructor, course=classroom.course)
    before = ModerationAction.objects.count()
    client.post(roster_url("membership_role", classroom, membership), {"role": Role.STUDENT})
    assert ModerationAction.objects.count() == before


def test_join_code_rotation_and_course_settings_are_recorded(classroom, client_for):
    client = client_for(classroom.instructor)
    old_code = classroom.course.join_code
    client.post(reverse("classroom:join_code_rotate", args=[classroom.course.slug]))
    row = last(classroom)
    assert row.kind == Kind.JOIN_CODE_ROTATE
    assert old_code in row.details_before
    client.post(
        reverse("classroom:course_settings", args=[classroom.course.slug]),
        {"title": "Renamed", "time_zone": "UTC", "premoderation": "off", "new_student_days": 7},
    )
    row = last(classroom)
    assert row.kind == Kind.COURSE_SETTINGS
    assert "Renamed" in row.details_after
    assert classroom.course.title in row.details_before


def test_assignment_settings_are_recorded(classroom, client_for):
    client = client_for(classroom.instructor)
    client.post(
        reverse("classroom:assignment_edit", args=[classroom.course.slug, classroom.assignment.pk]),
        {
            "reading": classroom.assignment.reading_id,
            "instructions": "Read the second half again.",
            "due_at": "2026-09-08T17:00",
            "anonymous": "on",
        },
    )
    row = last(classroom)
    assert row.kind == Kind.ASSIGNMENT_SETTINGS
    assert "Read the second half again." in row.details_after


def test_rubric_edits_are_recorded(classroom, client_for):
    from discussions.models import Criterion

    data = {"points_possible": "7", "min_words": "20"} | {
        f"{criterion}_{part}": "1" for criterion in Criterion.values for part in ("weight", "cap")
    }
    client_for(classroom.ta).post(
        reverse(
            "discussions:participation_rubric",
            args=[classroom.course.slug, classroom.assignment.pk],
        ),
        data,
    )
    row = last(classroom)
    assert (row.kind, row.actor) == (Kind.RUBRIC_EDIT, classroom.ta)
    assert "7" in row.details_after


def test_watched_words_added_and_removed_are_recorded_and_removal_is_soft(classroom, client_for):
    client = client_for(classroom.instructor)
    slug = classroom.course.slug
    client.post(
        reverse("discussions:watched_word_add", args=[slug]),
        {"phrase": "drivel", "whole_word": "on", "action": "review"},
    )
    assert last(classroom).kind == Kind.WATCHED_WORD_ADD
    assert "drivel" in last(classroom).details_after
    entry = WatchedWord.objects.get(phrase="drivel")
    client.post(reverse("discussions:watched_word_remove", args=[slug, entry.pk]))
    row = last(classroom)
    assert row.kind == Kind.WATCHED_WORD_REMOVE
    assert "drivel" in row.details_before
    entry.refresh_from_db()
    assert entry.removed_at is not None
    assert entry.removed_by == classroom.instructor
    assert entry not in watched_words_for(classroom.course)
    client.get(reverse("discussions:watched_words", args=[slug]))  # shows the flash messages
    page = client.get(reverse("discussions:watched_words", args=[slug])).text
    assert "drivel" not in page
    # Removing it again is not found; adding it back works.
    url = reverse("discussions:watched_word_remove", args=[slug, entry.pk])
    assert client.post(url).status_code == 404
    client.post(
        reverse("discussions:watched_word_add", args=[slug]),
        {"phrase": "drivel", "whole_word": "on", "action": "review"},
    )
    assert WatchedWord.objects.filter(phrase="drivel", removed_at__isnull=True).count() == 1


def test_prompts_posed_are_recorded(classroom, client_for):
    client_for(classroom.ta).post(
        reverse("discussions:prompt_new", args=[classroom.course.slug, classroom.assignment.pk]),
        {"body": "What is the claim here?", "paragraph": classroom.paragraphs[1].pk},
    )
    row = last(classroom)
    assert (row.kind, row.actor) == (Kind.PROMPT_POSE, classroom.ta)
    assert "What is the claim here?" in row.details_after


def test_the_page_and_csv_show_staff_actions_with_before_and_after(
    classroom, client_for, django_assert_max_num_queries
):
    client = client_for(classroom.instructor)
    for person in (classroom.student, classroom.classmate):
        membership = Membership.objects.get(user=person, course=classroom.course)
        client.post(roster_url("membership_role", classroom, membership), {"role": Role.TA})
    with django_assert_max_num_queries(8):
        page = client.get(reverse("discussions:audit", args=[classroom.course.slug])).text
    assert "Role changed" in page
    assert "Teaching assistant" in page
    response = client.get(reverse("discussions:audit_csv", args=[classroom.course.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    changed = [row for row in rows if row["Action"] == "Role changed"]
    assert len(changed) == 2
    assert (changed[0]["Status before"], changed[0]["Status after"]) == (
        "Student",
        "Teaching assistant",
    )
