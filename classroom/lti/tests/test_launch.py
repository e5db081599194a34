"""LTI launches over real HTTP both ways: the test LMS signs id_tokens, a browser carries
them, and Colloquy (live_server) checks them, signs people in and sends them on."""

import time

import pytest
from django.core import signing
from django.urls import reverse
from jwcrypto import jwk
from lxml import html

from classroom.lti.login import STATE_SALT
from classroom.lti.models import AssignmentLink, CourseLink, Identity, Platform, UsedNonce
from classroom.lti.own_tab import own_tab_token
from classroom.models import Course, Membership, Role, User
from tests.factories import AssignmentFactory, ReadingFactory
from tests.lti_fixtures import assignment_link_for_test, course_link_for_test, row_counts
from tests.lti_platform import Browser
from tests.lti_platform.server import LTI

pytestmark = pytest.mark.django_db(transaction=True)


def linked_assignment(lms, resource_link_id="link-1"):
    """A Colloquy course already linked to the LMS course, with one linked reading."""
    assignment = AssignmentFactory(reading=ReadingFactory(title="The Lottery"))
    assignment_link_for_test(
        course_link_for_test(lms, assignment.course), assignment, resource_link_id
    )
    return assignment


def csrf_token(browser: Browser, text: str, form_id: str) -> str:
    return browser.form_on(text, form_id).fields["csrfmiddlewaretoken"]


def test_an_instructors_first_launch_sets_up_a_course(lms, browser, login_url, target):
    teacher = lms.add_member("t-1", "Ana Ruiz", "ana@school.example", "instructor")

    setup = browser.launch(login_url, lms.queue_launch(teacher, target_link_uri=target))

    assert setup.status_code == 200, setup.text
    assert "Set up Colloquy for English 11 — Period 3" in setup.text, setup.text[-3000:]
    assert not Course.objects.exists()
    answer = browser.session.post(
        setup.url,
        data={
            "csrfmiddlewaretoken": csrf_token(browser, setup.text, "course-setup"),
            "course": "new",
        },
        timeout=10,
    )
    course = Course.objects.get()
    assert course.title == "English 11 — Period 3"
    user = Identity.objects.get(subject="t-1").user
    assert (user.display_name, user.email) == ("Ana Ruiz", "ana@school.example")
    assert not user.has_usable_password()
    assert Membership.objects.get(course=course, user=user).role == Role.INSTRUCTOR
    link = CourseLink.objects.get()
    assert (link.course, link.memberships_url, link.lineitems_url) == (
        course,
        lms.memberships_url,
        lms.lineitems_url,
    )
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in link.grade_scopes
    # The LMS link opens no reading yet: the instructor chooses one.
    assert answer.status_code == 200
    assert "has no readings yet" in answer.text


def test_an_instructor_connects_a_link_to_a_reading(lms, browser, login_url, target):
    assignment = linked_assignment(lms, resource_link_id="another-link")
    teacher = lms.add_member("t-1", "Ana Ruiz", "ana@school.example", "instructor")
    params = lms.queue_launch(
        teacher, target_link_uri=target, lineitem_url=lms.lineitems_url + "/1"
    )

    choice = browser.launch(login_url, params)

    assert choice.status_code == 200
    assert "The Lottery" in choice.text
    reading = browser.session.post(
        choice.url,
        data={
            "csrfmiddlewaretoken": csrf_token(browser, choice.text, "assignment-choice"),
            "assignment": assignment.pk,
        },
        timeout=10,
    )
    assert reading.status_code == 200
    assert reading.url.endswith(assignment.get_absolute_url())
    link = AssignmentLink.objects.get(resource_link_id="link-1")
    assert (link.assignment, link.lineitem_url) == (assignment, lms.lineitems_url + "/1")


def test_a_new_lms_account_connects_an_existing_colloquy_account(lms, browser, login_url, target):
    existing = AssignmentFactory().course
    teacher_account = existing.created_by
    Membership.objects.create(user=teacher_account, course=existing, role=Role.INSTRUCTOR)
    teacher = lms.add_member("t-1", "Ana Ruiz", "ana@school.example", "instructor")
    setup = browser.launch(login_url, lms.queue_launch(teacher, target_link_uri=target))
    made_by_launch = Identity.objects.get().user

    connect = browser.form_on(setup.text, "account-connect")
    answer = browser.session.post(
        connect.action
        if connect.action.startswith("http")
        else setup.url.split("/lti/")[0] + connect.action,
        data=connect.fields
        | {"username": teacher_account.username, "password": "correct horse battery staple"},
        timeout=10,
    )

    assert answer.status_code == 200
    assert Identity.objects.get().user == teacher_account
    assert not User.objects.filter(pk=made_by_launch.pk).exists()
    # Now the set-up page offers the course this account already teaches.
    assert existing.title in answer.text
    browser.session.post(
        answer.url,
        data={
            "csrfmiddlewaretoken": csrf_token(browser, answer.text, "course-setup"),
            "course": existing.pk,
        },
        timeout=10,
    )
    assert CourseLink.objects.get().course == existing
    assert Course.objects.count() == 1


def test_a_student_opens_a_linked_reading(lms, browser, login_url, target):
    assignment = linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")

    reading = browser.launch(login_url, lms.queue_launch(student, target_link_uri=target))

    assert reading.status_code == 200
    assert reading.url.endswith(assignment.get_absolute_url())
    assert "The Lottery" in reading.text
    user = Identity.objects.get(subject="s-1").user
    assert Membership.objects.get(user=user, course=assignment.course).role == Role.STUDENT
    assert UsedNonce.objects.count() == 1

    # The same person again, from another browser: the same account.
    again = Browser().launch(login_url, lms.queue_launch(student, target_link_uri=target))
    assert again.status_code == 200
    assert User.objects.filter(lti_identities__subject="s-1").get() == user
    assert Identity.objects.count() == 1


def test_a_removed_student_is_brought_back_by_a_launch(lms, browser, login_url, target):
    assignment = linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    browser.launch(login_url, lms.queue_launch(student, target_link_uri=target))
    Membership.objects.filter(course=assignment.course).update(removed_at="2026-01-01T00:00Z")

    reading = Browser().launch(login_url, lms.queue_launch(student, target_link_uri=target))

    assert reading.status_code == 200
    assert Membership.objects.active().filter(course=assignment.course).count() == 1


def test_an_lms_administrator_teaches_the_course_but_is_no_site_admin(
    lms, browser, login_url, target
):
    assignment = linked_assignment(lms)
    admin = lms.add_member("a-1", "Cy Admin", "cy@school.example", "lms_admin")

    reading = browser.launch(login_url, lms.queue_launch(admin, target_link_uri=target))

    assert reading.status_code == 200
    user = Identity.objects.get(subject="a-1").user
    assert Membership.objects.get(user=user, course=assignment.course).role == Role.INSTRUCTOR
    assert not (user.is_superuser or user.is_staff)


def test_a_teaching_assistant_assists(lms, browser, login_url, target):
    assignment = linked_assignment(lms)
    assistant = lms.add_member("ta-1", "Di Tan", "di@school.example", "ta")

    browser.launch(login_url, lms.queue_launch(assistant, target_link_uri=target))

    membership = Membership.objects.get(
        course=assignment.course, user__lti_identities__subject="ta-1"
    )
    assert membership.role == Role.TA


def test_login_initiation_by_get(lms, browser, login_url, target):
    assignment = linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")

    reading = browser.launch(
        login_url, lms.queue_launch(student, target_link_uri=target), method="GET"
    )

    assert reading.status_code == 200
    assert reading.url.endswith(assignment.get_absolute_url())


def test_a_link_made_by_deep_linking_connects_itself(lms, browser, login_url, target):
    assignment = linked_assignment(lms, resource_link_id="older-link")
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(
        student,
        target_link_uri=target,
        custom={"assignment": str(assignment.pk)},
        lineitem_url=lms.lineitems_url + "/4",
    )

    reading = browser.launch(login_url, params)

    assert reading.url.endswith(assignment.get_absolute_url())
    link = AssignmentLink.objects.get(resource_link_id="link-1")
    assert (link.assignment, link.lineitem_url) == (assignment, lms.lineitems_url + "/4")


def test_a_link_to_another_courses_assignment_is_not_connected(lms, browser, login_url, target):
    linked_assignment(lms, resource_link_id="older-link")
    elsewhere = AssignmentFactory()
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(
        student, target_link_uri=target, custom={"assignment": str(elsewhere.pk)}
    )

    page = browser.launch(login_url, params)

    assert page.status_code == 403
    assert "not connected to a reading yet" in page.text
    assert not AssignmentLink.objects.filter(resource_link_id="link-1").exists()


def test_a_student_whose_teacher_has_not_set_up_colloquy(lms, browser, login_url, target):
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    before = row_counts()

    page = browser.launch(login_url, lms.queue_launch(student, target_link_uri=target))

    assert page.status_code == 403
    assert "Your teacher has not set Colloquy up for English 11 — Period 3 yet" in page.text
    assert row_counts() == before


# Refusals ---------------------------------------------------------------------------------


def another_key(kid: str | None = None) -> jwk.JWK:
    return jwk.JWK.generate(kty="RSA", size=2048, **({"kid": kid} if kid else {"kid": "stray"}))


def token_refusals(lms):
    now = int(time.time())
    return {
        "bad signature": (
            {"sign_with": another_key(lms.key.get("kid"))},
            400,
            "signature does not match",
        ),
        "unknown kid": ({"sign_with": another_key()}, 400, "a key the platform does not publish"),
        "wrong iss": (
            {"claims": {"iss": "https://elsewhere.example"}},
            400,
            "issued by https://elsewhere.example",
        ),
        "wrong aud": ({"claims": {"aud": "another-tool"}}, 400, "meant for another tool"),
        "several aud, no azp": (
            {"claims": {"aud": [lms.client_id, "another-tool"]}, "drop": ("azp",)},
            400,
            "authorized party",
        ),
        "expired": (
            {"claims": {"iat": now - 900, "exp": now - 600}},
            400,
            "The launch has expired",
        ),
        "iat in the future": (
            {"claims": {"iat": now + 600, "exp": now + 900}},
            400,
            "dated in the future",
        ),
        "unknown deployment": (
            {"claims": {LTI + "deployment_id": "deployment-9"}},
            400,
            "unknown deployment deployment-9",
        ),
        "wrong message type": (
            {"claims": {LTI + "message_type": "LtiSubmissionReviewRequest"}},
            400,
            "does not handle LtiSubmissionReviewRequest messages",
        ),
        "wrong version": ({"claims": {LTI + "version": "1.1"}}, 400, "not LTI version 1.3.0"),
        "missing sub": ({"drop": ("sub",)}, 400, "needs: sub"),
        "missing roles": ({"drop": (LTI + "roles",)}, 400, "needs: roles"),
        "missing context": ({"drop": (LTI + "context",)}, 400, "needs: context"),
        "missing resource link": ({"drop": (LTI + "resource_link",)}, 400, "resource_link"),
        "missing deep-linking settings": (
            {
                "message_type": "LtiDeepLinkingRequest",
                "drop": ("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",),
            },
            400,
            "deep_linking_settings",
        ),
        "learner deep linking": (
            {"message_type": "LtiDeepLinkingRequest"},
            403,
            "Only the course&#x27;s teachers",
        ),
    }


TOKEN_REFUSALS = [
    "bad signature",
    "unknown kid",
    "wrong iss",
    "wrong aud",
    "several aud, no azp",
    "expired",
    "iat in the future",
    "unknown deployment",
    "wrong message type",
    "wrong version",
    "missing sub",
    "missing roles",
    "missing context",
    "missing resource link",
    "missing deep-linking settings",
    "learner deep linking",
]


@pytest.mark.parametrize("case", TOKEN_REFUSALS)
def test_a_launch_is_refused(case, lms, browser, login_url, target):
    linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    launch, status, message = token_refusals(lms)[case]
    params = lms.queue_launch(student, target_link_uri=target, **launch)
    before = row_counts()

    page = browser.launch(login_url, params)

    assert page.status_code == status
    assert message in page.text
    assert row_counts() == before


def a_students_launch_form(lms, browser, login_url, target):
    """The form the LMS's authorization page posts back, for a student opening a linked reading."""
    linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    return browser.start_launch(login_url, lms.queue_launch(student, target_link_uri=target))


def test_a_launch_is_accepted_once(lms, browser, login_url, target):
    page = a_students_launch_form(lms, browser, login_url, target)
    assert browser.submit(page).status_code == 200
    after_first = row_counts()

    again = browser.submit(page)

    assert again.status_code == 400
    assert "This launch was already used" in again.text
    assert row_counts() == after_first


class SignedAnHourAgo(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 3600)


def signed_an_hour_ago(state: str) -> str:
    carried = signing.loads(state, salt=STATE_SALT)
    return SignedAnHourAgo(salt=STATE_SALT).sign_object(carried, compress=True)


BAD_STATES = {
    "missing": (lambda state: "", "arrived without its state"),
    "not colloquys": (lambda state: state[:-3] + "abc", "not one Colloquy issued"),
    "older than ten minutes": (signed_an_hour_ago, "took too long"),
}


@pytest.mark.parametrize("case", BAD_STATES)
def test_a_launch_with_a_bad_state_is_refused(case, lms, browser, login_url, target):
    change, message = BAD_STATES[case]
    page = a_students_launch_form(lms, browser, login_url, target)
    before = row_counts()

    answer = browser.submit(page, state=change(page.fields["state"]))

    assert answer.status_code == 400
    assert message in answer.text
    assert row_counts() == before


def test_a_launch_with_another_logins_state_is_refused(lms, browser, login_url, target):
    linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    first = browser.start_launch(login_url, lms.queue_launch(student, target_link_uri=target))
    second = browser.start_launch(login_url, lms.queue_launch(student, target_link_uri=target))
    before = row_counts()

    answer = browser.submit(first, state=second.fields["state"])

    assert answer.status_code == 400
    assert "nonce differs" in answer.text
    assert row_counts() == before


def test_a_launch_replayed_in_another_browser_is_refused(lms, browser, login_url, target):
    page = a_students_launch_form(lms, browser, login_url, target)
    before = row_counts()

    answer = Browser().submit(page)

    assert answer.status_code == 403
    assert "did not keep the cookie" in answer.text
    # It offers a fresh login in a new top-level tab, where cookies work.
    assert 'target="_blank"' in answer.text
    assert "/lti/login/?iss=" in answer.text
    assert row_counts() == before


def test_the_new_tab_link_starts_a_fresh_launch(lms, browser, login_url, target):
    assignment = linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    page = browser.start_launch(login_url, lms.queue_launch(student, target_link_uri=target))
    other = Browser()
    answer = other.submit(page)
    restart = html_link(answer.text, "Open Colloquy in a new tab")
    assert restart.startswith(reverse("lti:login"))

    authorization = other.session.get(target.rstrip("/") + restart, timeout=10)

    reading = other.submit(other.form_on(authorization.text))

    assert reading.status_code == 200
    assert reading.url.endswith(assignment.get_absolute_url())


def html_link(text: str, label: str) -> str:
    document = html.fromstring(text)
    (link,) = [a for a in document.iter("a") if a.text_content().strip() == label]
    return link.get("href")


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"iss": "https://unknown.example"}, 400, "does not know this learning platform"),
        ({"target_link_uri": "https://elsewhere.example/"}, 400, "not on this Colloquy site"),
    ],
)
def test_a_login_initiation_is_refused(change, status, message, lms, browser, login_url, target):
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(student, target_link_uri=target) | change
    before = row_counts()

    page = browser.session.post(login_url, data=params, timeout=10)

    assert page.status_code == status
    assert message in page.text
    assert row_counts() == before


def test_an_unconfirmed_platform_is_refused(lms, browser, login_url, target):
    Platform.objects.update(confirmed_at=None)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    before = row_counts()

    page = browser.session.post(
        login_url, data=lms.queue_launch(student, target_link_uri=target), timeout=10
    )

    assert page.status_code == 403
    assert "has not confirmed it yet" in page.text
    assert row_counts() == before


def test_one_issuer_with_two_clients_must_name_the_client(lms, browser, login_url, target):
    Platform.objects.create(**lms.registration_fields | {"client_id": "second"})
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(student, target_link_uri=target)
    del params["client_id"]

    page = browser.session.post(login_url, data=params, timeout=10)

    assert page.status_code == 400
    assert "did not say which client id" in page.text


# Cookies blocked in the frame: the binding travels through the platform's storage --------


def test_a_login_with_a_storage_target_stores_the_binding(lms, browser, login_url, target):
    linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(student, target_link_uri=target) | {"lti_storage_target": "_parent"}

    storing = browser.session.post(login_url, data=params, timeout=10)

    assert storing.status_code == 200
    assert 'data-action="put"' in storing.text
    assert 'data-target="_parent"' in storing.text
    assert f'data-origin="{lms.url}"' in storing.text
    assert "<script>" not in storing.text
    cookie = next(c for c in browser.session.cookies if c.name.startswith("lti-state-"))
    assert f'data-value="{cookie.value}"' in storing.text
    # With JavaScript off, "Continue" goes on with the cookie alone.
    authorization = browser.session.get(html_link(storing.text, "Continue"), timeout=10)
    assert browser.submit(browser.form_on(authorization.text)).status_code == 200


def test_a_blocked_cookie_is_made_up_for_by_platform_storage(lms, browser, login_url, target):
    assignment = linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(student, target_link_uri=target) | {"lti_storage_target": "_parent"}
    storing = browser.session.post(login_url, data=params, timeout=10)
    stored = next(c for c in browser.session.cookies if c.name.startswith("lti-state-"))
    page = browser.form_on(browser.session.get(html_link(storing.text, "Continue")).text)
    framed = Browser()  # a frame whose cookies the browser blocks

    fetching = framed.submit(page)
    assert fetching.status_code == 200
    assert 'data-action="get"' in fetching.text
    assert f'data-key="{stored.name}"' in fetching.text
    verify = framed.form_on(fetching.text, "lti-verify")
    action = target.rstrip("/") + verify.action
    before = row_counts()

    refused = framed.session.post(action, data=verify.fields | {"binding": "guess"}, timeout=10)
    assert refused.status_code == 403
    assert "started in another browser" in refused.text
    assert row_counts() == before

    offer = framed.session.post(action, data=verify.fields | {"binding": stored.value}, timeout=10)
    assert offer.status_code == 200
    # A frame that kept no cookie keeps no sign-in either: a tab of Colloquy's own, signed in.
    own_tab = target.rstrip("/") + html_link(offer.text, "Open Colloquy in a new tab")
    tab = Browser()
    reading = tab.session.get(own_tab, timeout=10)
    assert reading.status_code == 200
    assert reading.url.endswith(assignment.get_absolute_url())
    assert "Ben Okafor" in reading.text
    again = Browser().session.get(own_tab, timeout=10)
    assert again.status_code == 400
    assert "already used" in again.text


def test_an_own_tab_link_that_was_altered_or_leads_away_signs_nobody_in(lms, target):
    student = User.objects.create(username="ben")
    token = own_tab_token(user=student, destination="/")
    away = own_tab_token(user=student, destination="https://elsewhere.example/")
    tab = Browser()
    for link in (token[:-2] + "xx", away):
        page = tab.session.get(target.rstrip("/") + reverse("lti:own-tab", args=[link]))
        assert page.status_code == 400
        assert "not one Colloquy made" in page.text
    home = tab.session.get(target, timeout=10)
    assert reverse("login") in home.url, "nobody was signed in"


# Frames ---------------------------------------------------------------------------------


def directives(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_lti_pages_may_be_framed_by_the_platform_only(lms, browser, login_url, target):
    linked_assignment(lms)
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")
    params = lms.queue_launch(student, target_link_uri=target)

    login = browser.session.post(login_url, data=params, allow_redirects=False, timeout=10)
    assert directives(login)["frame-ancestors"] == [lms.url]
    assert "X-Frame-Options" not in login.headers
    state_cookie = login.headers["Set-Cookie"]
    for attribute in ("Secure", "HttpOnly", "SameSite=None", "Partitioned"):
        assert attribute in state_cookie

    reading = browser.submit(browser.form_on(browser.session.get(login.headers["Location"]).text))
    launch_answer = reading.history[0]
    assert directives(launch_answer)["frame-ancestors"] == [lms.url]
    session_cookie = launch_answer.headers["Set-Cookie"]
    assert "sessionid=" in session_cookie
    assert "Partitioned" in session_cookie
    assert "SameSite=None" in session_cookie
    # The pages of an LTI session are framed by its platform.
    assert directives(reading)["frame-ancestors"] == [lms.url]
    assert "X-Frame-Options" not in reading.headers

    ordinary = Browser().session.get(target.rstrip("/") + reverse("login"), timeout=10)
    assert directives(ordinary)["frame-ancestors"] == ["'none'"]
    assert ordinary.headers["X-Frame-Options"] == "DENY"


def test_frame_origins_listed_by_the_site_admin_win(lms, browser, login_url, target):
    Platform.objects.update(frame_origins="https://lms.school.example\nhttps://cdn.lms.example/x")
    student = lms.add_member("s-1", "Ben Okafor", "ben@school.example")

    login = browser.session.post(
        login_url,
        data=lms.queue_launch(student, target_link_uri=target),
        allow_redirects=False,
        timeout=10,
    )

    assert directives(login)["frame-ancestors"] == [
        "https://lms.school.example",
        "https://cdn.lms.example",
    ]
