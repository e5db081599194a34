"""An instructor syncs the roster from the LMS on the roster page: the LMS's people join, each
marked as from the LMS and, until they open Colloquy from it, as never launched. The page fits
a 390 px phone without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from classroom.lti.models import CourseLink, Identity
from tests.lti_fixtures import course_link_for_test

from .screens import SMALL_TARGETS, assert_fits_width, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

LMS_PEOPLE = [
    ("lms-1", "Amara Okafor", "learner"),
    ("lms-2", "Noor Haddad", "ta"),
    ("lms-3", "Maximiliana Wolkenstein-Trostburg", "learner"),
    ("lms-4", "Wei Chen", "learner"),
    ("lms-5", "Grace Adeyemi", "instructor"),
]


def test_an_instructor_syncs_the_roster_from_the_lms(page, live_server, seminar, lms, log_in):
    course_link_for_test(lms, seminar.course)
    for sub, name, preset in LMS_PEOPLE:
        lms.add_member(sub, name, f"{name.split()[0].lower()}@students.school.example", preset)
    log_in(page, seminar.instructor)
    page.goto(f"{live_server.url}/c/{seminar.course.slug}/roster/")
    expect(page.get_by_role("heading", name="From the LMS: Test LMS")).to_be_visible()
    expect(page.get_by_text("Not synced yet.")).to_be_visible()

    page.get_by_role("button", name="Sync the roster from the LMS").click()
    expect(
        page.get_by_text("Roster synced: 5 joined, 0 changed role, 0 deactivated.")
    ).to_be_visible()
    Identity.objects.filter(subject="lms-2").update(first_launch_at=seminar.course.created_at)
    page.reload()
    expect(page.get_by_text("4 of 5 have never opened Colloquy from the LMS")).to_be_visible()
    row = page.get_by_role("row", name="Maximiliana Wolkenstein-Trostburg")
    expect(row.get_by_text("From the LMS")).to_be_visible()
    expect(row.get_by_text("Never launched")).to_be_visible()
    synced_at = CourseLink.objects.get().roster_synced_at.replace(microsecond=0).isoformat()
    expect(page.locator(".lms-roster time")).to_have_attribute("datetime", synced_at)
    shoot(page, "roster-from-the-lms-1366")
    page.set_viewport_size(PHONE)
    assert_fits_width(page, "the roster with LMS members")
    assert page.evaluate(SMALL_TARGETS) == []
    shoot(page, "roster-from-the-lms-390")
    page.console_watch.assert_clean()
