"""LMS fixtures for every app's tests: a running Colloquy (live_server) registered with a
running test LMS, a test LMS not yet registered, the rows every refusal must leave untouched,
and a clean cache (service tokens live there)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from classroom.lti.models import (
    AssignmentLink,
    CourseLink,
    Deployment,
    Identity,
    Platform,
    UsedNonce,
)
from classroom.models import Course, Membership, User
from tests.lti_platform import Browser, LearningPlatform


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_lms(clean_cache):
    """A test LMS Colloquy knows nothing of yet (Dynamic Registration introduces them)."""
    with LearningPlatform() as platform:
        yield platform


@pytest.fixture
def lms(live_server, clean_cache):
    """The test LMS, with Colloquy registered in it and it registered (and confirmed) here."""
    with LearningPlatform() as platform:
        platform.connect_tool(
            login_url=live_server.url + reverse("lti:login"),
            launch_url=live_server.url + reverse("lti:launch"),
            jwks_url=live_server.url + reverse("lti:jwks"),
        )
        platform.row = Platform.objects.create(
            **platform.registration_fields, confirmed_at=timezone.now()
        )
        Deployment.objects.create(platform=platform.row, deployment_id=platform.deployment_id)
        yield platform


@pytest.fixture
def login_url(live_server) -> str:
    return live_server.url + reverse("lti:login")


@pytest.fixture
def target(live_server) -> str:
    return live_server.url + "/"


@pytest.fixture
def browser() -> Browser:
    return Browser()


def course_link_for_test(lms, course: Course) -> CourseLink:
    """Link `course` to the test LMS's course with the roster and grade services it offers, as
    the first launch from that course would."""
    return CourseLink.objects.create(
        deployment=lms.row.deployments.get(),
        context_id=lms.context["id"],
        course=course,
        lineitems_url=lms.lineitems_url,
        memberships_url=lms.memberships_url,
    )


def assignment_link_for_test(
    course_link: CourseLink, assignment, resource_link_id: str = "link-1"
) -> AssignmentLink:
    """Link `assignment` to a resource link (an LMS module item) in the linked course."""
    return AssignmentLink.objects.create(
        course_link=course_link, resource_link_id=resource_link_id, assignment=assignment
    )


def row_counts() -> dict:
    models = (User, Identity, Course, Membership, CourseLink, AssignmentLink, UsedNonce)
    return {model.__name__: model.objects.count() for model in models}
