"""Signing in with a school account in Chromium, with JavaScript off as on: the log-in page's
"Sign in with …" button, the issuer's own pages (tests/oidc_provider), and back into Colloquy."""

import pytest
from playwright.sync_api import expect

from classroom.lti.models import Identity

from .conftest import open_page
from .screens import assert_fits_width, shoot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", ["on", "off"])
def test_a_new_student_signs_in_with_the_school_button(
    browser, request, live_server, school_sign_in, javascript
):
    page = open_page(
        browser,
        request,
        viewport={"width": 1366, "height": 768},
        java_script_enabled=javascript == "on",
    )
    # The issuer's development pages @import a web font; tests run offline, so it gets none.
    page.route("https://fonts.googleapis.com/**", lambda route: route.fulfill(body=""))
    page.goto(live_server.url + "/accounts/login/?next=/accounts/settings/")
    button = page.get_by_role("link", name="Sign in with Harbour School")
    expect(button).to_be_visible()
    assert_fits_width(page, "log-in page with school sign-in")
    shoot(page, f"login-school-sign-in-js-{javascript}")
    button.click()

    # The issuer's own pages: its sign-in form, then its consent form.
    page.wait_for_url(school_sign_in.issuer + "/**")
    page.locator("input[name=login]").fill("amara-okafor")
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]", has_text="Continue").click()

    page.wait_for_url(live_server.url + "/accounts/settings/")
    expect(page.get_by_label("Display name")).to_have_value("Amara Okafor")
    assert Identity.objects.get().user.email == "amara@school.example"
    page.console_watch.assert_clean()
