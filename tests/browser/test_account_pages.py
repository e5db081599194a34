"""A student's account settings: download their data, and the delete-account page refusing a
wrong password without deleting anything; screenshots at laptop and phone widths."""

import pytest
from playwright.sync_api import expect

from classroom.models import User

from .screens import VIEWPORTS, assert_fits_width, shoot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_student_downloads_their_data_and_a_wrong_password_deletes_nothing(
    page, live_server, seminar, log_in, size
):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[size], strict=True)))
    student = seminar.classmate
    log_in(page, student)
    page.goto(live_server.url + "/accounts/settings/")
    download_link = page.get_by_role("link", name="Download my data")
    expect(download_link).to_be_visible()
    assert_fits_width(page, "account settings")
    shoot(page, f"account-settings-{size}")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith(f"colloquy-{student.username}-")
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", name="Delete my account")).to_be_visible()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("That password is not right. Nothing was deleted.")).to_be_visible()
    assert_fits_width(page, "delete account")
    shoot(page, f"account-delete-{size}")
    assert User.objects.filter(pk=student.pk).exists()
