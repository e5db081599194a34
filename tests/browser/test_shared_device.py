"""A shared classroom device: after one student logs out, Back and Reload show nothing of theirs
(no course, no name, no notice, no unsent draft), and the next student sees only their own."""

import re

import pytest
from playwright.sync_api import expect

from classroom.models import Role
from discussions.models import Notice
from tests.factories import MembershipFactory

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .screens import shoot

pytestmark = pytest.mark.browser

DRAFT = "Unsent: I never finish the readings either"
NOTICE = "Ruth Castillo replied to your comment."


@pytest.fixture
def shared_device(browser, request):
    """Chromium as a classroom laptop runs it: Playwright turns the back-forward cache off by
    default, and that cache is what would show a page again after logging out."""
    device = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    request.addfinalizer(device.close)
    context = device.new_context(reduced_motion="reduce", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(5_000)
    return context.new_page()


def assert_nothing_of_bens(page) -> None:
    body = page.locator("body")
    for private in ("Ben Lindqvist", "Reading Closely", "On Reading Slowly", NOTICE, DRAFT):
        expect(body).not_to_contain_text(private)
    typed = page.locator("textarea, input[type=text]").evaluate_all(
        "fields => fields.map(field => field.value)"
    )
    assert DRAFT not in typed
    # htmx notes the address of the page it is on (this one); nothing else may be kept.
    kept = page.evaluate("({...localStorage, ...sessionStorage})")
    assert set(kept) <= {"htmx-current-path-for-history"}, kept


def test_back_and_reload_after_logging_out_show_nothing_of_the_last_student(
    shared_device, live_server, seminar, log_in
):
    page = shared_device
    ben, amara = seminar.classmate, seminar.newcomer
    MembershipFactory(course=seminar.course, user=amara, role=Role.STUDENT)
    Notice.objects.create(user=ben, text=NOTICE, url=seminar.assignment.get_absolute_url())

    log_in(page, ben)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    discussion.get_by_label("Start a thread on paragraph 3").fill(DRAFT)
    expect(page.locator(".notice-badge")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    # A page restored from the back-forward cache fires no load event: wait for the commit only.
    page.go_back(wait_until="commit")
    assert_nothing_of_bens(page)
    shoot(page, "shared-device-back-after-logout")
    page.reload(wait_until="commit")
    assert_nothing_of_bens(page)

    log_in(page, amara)
    page.goto(seminar.reading_url(live_server))
    page.get_by_role("link", name="Discussion of paragraph 3: 2 comments").click()
    discussion = page.get_by_role("region", name="Discussion of paragraph 3")
    expect(discussion.get_by_label("Start a thread on paragraph 3")).to_have_value("")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_contain_text("Amara Okafor")
    expect(nav).not_to_contain_text("Ben Lindqvist")
    expect(page.locator(".notice-badge")).to_have_count(0)
    shoot(page, "shared-device-next-student")
