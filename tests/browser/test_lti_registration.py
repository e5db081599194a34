"""Dynamic Registration as an LMS admin sees it: the LMS shows Colloquy's registration page in a
frame of its own (another site, so the browser keeps Colloquy's SameSite=Lax cookies out of
it), the admin presses Register, and Colloquy tells the LMS it may close the frame."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from classroom.lti.models import Platform
from tests.lti_platform import LearningPlatform

from .screens import shoot

pytestmark = pytest.mark.browser


def test_an_lms_admin_registers_colloquy_in_the_lms_frame(page, live_server):
    with LearningPlatform() as lms:
        # The LMS on 127.0.0.1 and Colloquy on localhost: two sites, as in a real school.
        assert "localhost" in live_server.url
        page.goto(lms.registration_page_url(live_server.url + reverse("lti:register")))
        frame = page.frame_locator("#tool")
        expect(frame.get_by_role("heading")).to_have_text(
            f"Register Colloquy with test-lms ({lms.url.removeprefix('http://')})?"
        )
        shoot(page, "lti-registration-frame")

        frame.get_by_role("button", name="Register").click()

        expect(page.locator("#status")).to_have_text("The tool closed the frame.")
        assert len(lms.received.registrations) == 1
    platform = Platform.objects.get()
    assert platform.client_id == lms.client_id
    assert not platform.is_confirmed
    page.console_watch.assert_clean()
