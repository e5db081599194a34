"""Shared fixtures: one course with every role, a second course for outsiders, and a mail
server that is down."""

from dataclasses import dataclass

import pytest

from classroom.models import Role

from .factories import AssignmentFactory, MembershipFactory, UserFactory, make_comment
from .live import free_port
from .tasks import run_queued_tasks


@dataclass
class Classroom:
    course: object
    assignment: object
    paragraphs: list
    instructor: object
    ta: object
    student: object
    classmate: object
    outsider: object
    other_student: object
    other_ta: object
    admin: object
    other_assignment: object
    comment: object

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture(autouse=True)
def lms_frame_cookies(settings):
    """Every test gets the cookies production sets (LMS_FRAME_COOKIES), so Colloquy works in
    an LMS's frame in the tests as it does for schools; development over plain HTTP differs."""
    settings.LMS_FRAME_COOKIES = True
    settings.SESSION_COOKIE_SAMESITE = settings.CSRF_COOKIE_SAMESITE = "None"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


ROLES = [
    "anonymous",
    "outsider",
    "student",
    "other_student",
    "other_ta",
    "ta",
    "instructor",
    "admin",
]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (sessions, watched words, live-update markers):
    ids repeat from one test's database to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def suite_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests post many comments as one person in a second; the limit has its own tests.
    settings.COMMENT_RATE_LIMIT_PER_MINUTE = 10_000
    # Production's default: only approved teachers, instructors and site admins teach.
    settings.TEACHING_SIGNUP = "approved"


@pytest.fixture
def mail_server_down(settings):
    """Mail goes by real SMTP to a loopback port where nothing listens, so every send fails."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }


@pytest.fixture
def classroom(db) -> Classroom:
    assignment = AssignmentFactory()
    course = assignment.course
    instructor = course.created_by
    MembershipFactory(user=instructor, course=course, role=Role.INSTRUCTOR)
    ta = MembershipFactory(course=course, role=Role.TA).user
    student = MembershipFactory(course=course, role=Role.STUDENT).user
    classmate = MembershipFactory(course=course, role=Role.STUDENT).user
    other_assignment = AssignmentFactory()
    other_student = MembershipFactory(course=other_assignment.course, role=Role.STUDENT).user
    # Staff of another course: a TA there must not see or moderate anything here.
    other_ta = MembershipFactory(course=other_assignment.course, role=Role.TA).user
    admin = UserFactory(username="siteadmin", is_staff=True, is_superuser=True)
    outsider = UserFactory(username="outsider")
    comment = make_comment(author=classmate, assignment=assignment, body="First *thoughts*.")
    return Classroom(
        course=course,
        assignment=assignment,
        paragraphs=list(assignment.reading.current_paragraphs()),
        instructor=instructor,
        ta=ta,
        student=student,
        classmate=classmate,
        outsider=outsider,
        other_student=other_student,
        other_ta=other_ta,
        admin=admin,
        other_assignment=other_assignment,
        comment=comment,
    )


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def task_worker():
    """Run every queued task that is due, as `manage.py db_worker` would."""
    return run_queued_tasks
