"""An instructor sets an assignment's dates in the course's time zone and splits the class into
groups; screenshots of both pages at laptop and phone widths."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from classroom.models import Course, Group, Membership, Role
from tests.factories import MembershipFactory, UserFactory

from .screens import VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser

STUDENT_NAMES = ["Ines Duarte", "Kofi Mensah", "Lena Vogel", "Maya Cohen", "Noor Haddad", "Omar Sy"]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_instructor_sets_dates_in_the_courses_time_zone(page, live_server, seminar, log_in, size):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[size], strict=True)))
    Course.objects.filter(pk=seminar.course.pk).update(time_zone="America/New_York")
    page.console_watch.allow("status of 422")  # the refused dates, on purpose
    log_in(page, seminar.instructor)
    page.goto(live_server.url + seminar.course.get_absolute_url())
    page.get_by_role("link", name="Edit assignment: On Reading Slowly").click()
    expect(page.get_by_role("heading", name="Edit assignment")).to_be_visible()
    expect(page.get_by_text("America/New_York")).to_be_visible()
    page.get_by_label("Opens", exact=True).fill("2027-01-08T08:00")
    page.get_by_label("Due", exact=True).fill("2027-01-01T09:00")  # before opening: refused
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The due date is before the reading opens.")).to_be_visible()
    assert_fits_width(page, f"the assignment form with an error at {VIEWPORTS[size][0]}px")
    shoot(page, f"assignment-form-error-{size}")

    page.get_by_label("Due", exact=True).fill("2027-01-15T09:00")
    page.get_by_label("Group discussions").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Assignment saved.")).to_be_visible()
    seminar.assignment.refresh_from_db()
    assert seminar.assignment.due_at == datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    assert seminar.assignment.group_discussions
    expect(page.get_by_text("Due Friday 15 January, 09:00")).to_be_visible()

    page.get_by_role("link", name="Edit assignment settings").click()
    expect(page.get_by_label("Due", exact=True)).to_have_value("2027-01-15T09:00")
    assert_fits_width(page, f"the assignment form at {VIEWPORTS[size][0]}px")
    shoot(page, f"assignment-form-{size}")
    page.console_watch.assert_clean()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_instructor_splits_the_class_into_groups(page, live_server, seminar, log_in, size):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[size], strict=True)))
    for index, name in enumerate(STUDENT_NAMES):
        user = UserFactory(username=f"student{index}", display_name=name)
        MembershipFactory(user=user, course=seminar.course, role=Role.STUDENT)
    page.console_watch.allow("status of 422")  # the refused group size, on purpose
    log_in(page, seminar.instructor)
    page.goto(live_server.url + seminar.course.get_absolute_url())
    page.get_by_role("link", name="Groups").click()

    page.get_by_label("Students per group").fill("1")
    page.get_by_role("button", name="Split into groups").click()
    expect(page.get_by_text("Groups need at least 2 students.")).to_be_visible()

    page.get_by_label("Students per group").fill("3")
    page.get_by_role("button", name="Split into groups").click()
    # Seven students in threes: 3 + 2 + 2, rather than 3 + 3 and one left alone.
    expect(page.get_by_text("Made 3 groups at random (3, 2, 2 students).")).to_be_visible()
    groups = list(Group.objects.filter(course=seminar.course))
    assert sorted(group.memberships.count() for group in groups) == [2, 2, 3]

    page.get_by_label("Group name").fill("Latecomers")
    page.get_by_role("button", name="Make group").click()
    expect(page.get_by_text("Created Latecomers.")).to_be_visible()
    page.get_by_label("Group of Ben Lindqvist").select_option(label="Latecomers")
    row = page.get_by_role("row", name="Ben Lindqvist")
    row.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Ben Lindqvist is in Latecomers now.")).to_be_visible()
    ben = Membership.objects.get(user=seminar.classmate, course=seminar.course)
    assert ben.group.name == "Latecomers"

    assert_fits_width(page, f"the groups page at {VIEWPORTS[size][0]}px")
    shoot(page, f"groups-{size}")
    page.console_watch.assert_clean()
