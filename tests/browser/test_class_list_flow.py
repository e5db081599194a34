"""A teacher imports a class list with JavaScript off: a file with a mistake gets a preview
that lists it and offers no import; the fixed file's preview imports everyone. Both previews,
and the roster after, fit a 390 px phone without scrolling sideways."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from classroom.models import Membership, Role

from .screens import SMALL_TARGETS, assert_fits_width, shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

CLASS_LIST = (
    "Name,Email,Role,Group\n"
    "Amara Okafor,amara.okafor@students.riverside-secondary.example,,Harbour\n"
    "Noor Haddad,noor.haddad@students.riverside-secondary.example,teaching assistant,\n"
    "Ben Lindqvist,ben@example.org,,Harbour\n"
)


def shoot_both(page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    shoot(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    assert_fits_width(page, name)
    assert page.evaluate(SMALL_TARGETS) == [], name
    shoot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def choose_file(page, text: str) -> None:
    page.get_by_label("Class list (CSV)", exact=True).set_input_files(
        {"name": "class.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Preview the import").click()


def test_import_a_class_list_without_javascript(
    page_without_javascript, live_server, seminar, log_in
):
    page = page_without_javascript
    seminar.classmate.email = "ben@example.org"
    seminar.classmate.save()
    log_in(page, seminar.instructor)
    page.goto(f"{live_server.url}/c/{seminar.course.slug}/roster/")
    shoot_both(page, "roster-class-list")

    choose_file(page, CLASS_LIST + "=cmd|' /C calc'!A0,mallory@example.org,,\n")
    expect(
        page.get_by_role("heading", name="Nothing was imported: 1 row needs fixing")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Row 5")).to_be_visible()
    expect(page.get_by_role("button", name="Import these people")).to_have_count(0)
    shoot_both(page, "class-list-preview-errors")

    page.get_by_role("link", name="Upload another file").click()
    choose_file(page, CLASS_LIST)
    expect(
        page.get_by_role("heading", name="Importing 3 people into Reading Closely")
    ).to_be_visible()
    shoot_both(page, "class-list-preview")
    page.get_by_role("button", name="Import these people").click()
    page.wait_for_url(f"{live_server.url}/c/{seminar.course.slug}/roster/")
    expect(page.get_by_text("2 people added, 2 new accounts e-mailed")).to_be_visible()
    shoot_both(page, "roster-after-import")
    roster = Membership.objects.filter(course=seminar.course)
    assert roster.get(user__email__startswith="noor.haddad").role == Role.TA
    assert roster.get(user=seminar.classmate).group.name == "Harbour"
    assert len(mail.outbox) == 2
