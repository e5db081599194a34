"""Who may teach: with TEACHING_SIGNUP=approved only approved teachers, instructors and site
admins create courses and import readings; imports are throttled per account."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import ReadingDraft
from classroom.models import Course, Membership, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEACHER_PAGES = ["classroom:course_new", "articles:list", "articles:new", "articles:import"]


@pytest.fixture
def approved_only(settings):
    settings.TEACHING_SIGNUP = "approved"


@pytest.mark.parametrize("name", TEACHER_PAGES)
def test_a_student_is_told_how_to_become_a_teacher(name, approved_only, classroom, client_for):
    response = client_for(classroom.student).get(reverse(name))
    assert response.status_code == 403
    assert "Only approved teachers can" in response.text
    assert "site administrator" in response.text


def test_a_student_cannot_create_a_course_or_import(approved_only, classroom, client_for):
    client = client_for(classroom.student)
    courses = Course.objects.count()
    assert client.post(reverse("classroom:course_new"), {"title": "Mine"}).status_code == 403
    response = client.post(reverse("articles:import"), {"url": "https://example.com/a"})
    assert response.status_code == 403
    assert Course.objects.count() == courses
    assert not ReadingDraft.objects.exists()


def test_students_do_not_see_teaching_links(approved_only, classroom, client_for):
    page = client_for(classroom.student).get(reverse("classroom:home")).text
    assert reverse("classroom:course_new") not in page
    assert reverse("articles:list") not in page
    page = client_for(classroom.instructor).get(reverse("classroom:home")).text
    assert reverse("classroom:course_new") in page
    assert reverse("articles:list") in page


def test_approved_teachers_instructors_and_admins_may_teach(approved_only, classroom, client_for):
    approved = UserFactory(may_teach=True)
    for user in (approved, classroom.instructor, classroom.admin):
        response = client_for(user).post(
            reverse("classroom:course_new"), {"title": "Poetry", "time_zone": "Europe/London"}
        )
        assert response.status_code == 302, user
    # A TA is not a teacher until approved or made an instructor.
    assert client_for(classroom.ta).get(reverse("classroom:course_new")).status_code == 403
    Membership.objects.filter(user=classroom.ta).update(role=Role.INSTRUCTOR)
    assert client_for(classroom.ta).get(reverse("classroom:course_new")).status_code == 200


def test_open_signup_lets_anyone_teach(settings, classroom, client_for):
    settings.TEACHING_SIGNUP = "open"
    response = client_for(classroom.student).post(
        reverse("classroom:course_new"), {"title": "X", "time_zone": "Europe/London"}
    )
    assert response.status_code == 302


def test_grant_teacher_command_grants_and_revokes(approved_only):
    user = UserFactory(username="nadia")
    call_command("grant_teacher", "nadia", stdout=StringIO())
    assert User.objects.get(pk=user.pk).may_teach
    call_command("grant_teacher", "nadia", "--revoke", stdout=StringIO())
    assert not User.objects.get(pk=user.pk).may_teach
    with pytest.raises(CommandError, match="nobody"):
        call_command("grant_teacher", "nobody", stdout=StringIO())


def test_imports_are_throttled_per_account(approved_only, settings, classroom, client_for):
    settings.READING_IMPORT_LIMIT_PER_HOUR = 2
    client = client_for(classroom.instructor)

    def upload():
        text = SimpleUploadedFile("a.txt", b"Title\n\nOne paragraph.\n\nTwo.", "text/plain")
        return client.post(reverse("articles:import"), {"file": text})

    assert upload().status_code == 302
    assert upload().status_code == 302
    refused = upload()
    assert refused.status_code == 429
    assert "at most 2 readings an hour" in refused.text
    assert ReadingDraft.objects.count() == 2
    # A URL is not even fetched once the limit is reached.
    refused = client.post(reverse("articles:import"), {"url": "http://192.0.2.1/never"})
    assert refused.status_code == 429
    # Someone else still may.
    other = client_for(classroom.admin)
    text = SimpleUploadedFile("b.txt", b"Title\n\nOne paragraph.", "text/plain")
    assert other.post(reverse("articles:import"), {"file": text}).status_code == 302
