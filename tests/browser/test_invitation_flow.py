"""Invitations that say what they are: a teacher invites by e-mail from the roster, a newcomer
opens the join link signed out, signs up from it and joins; a retired link says what to do.
Also a per-paragraph post-first reading and the notices page, as a student sees them."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from classroom.models import Membership, PostFirst, Role
from discussions.models import Notice
from discussions.reading.services import comment_create
from tests.factories import MembershipFactory
from tests.tasks import run_queued_tasks

from .screens import assert_fits_width, shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def shoot_both(page, name: str) -> None:
    """Screenshots at laptop and phone widths; the phone one must not scroll sideways."""
    page.set_viewport_size(DESKTOP)
    shoot(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    assert_fits_width(page, name)
    shoot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_invite_by_e_mail_then_sign_up_from_the_link_and_join(page, live_server, seminar, log_in):
    log_in(page, seminar.instructor)
    page.goto(f"{live_server.url}/c/{seminar.course.slug}/roster/")
    shoot_both(page, "roster-invite")
    page.get_by_label("E-mail addresses").fill(
        "amara@example.org, noor@example.org\nnot-an-address ben@example.org"
    )
    seminar.classmate.email = "ben@example.org"
    seminar.classmate.save()
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("heading", name="Sent 2 invitations")).to_be_visible()
    expect(page.get_by_text("not an e-mail address")).to_be_visible()
    expect(page.get_by_text("already in this course")).to_be_visible()
    shoot_both(page, "invite-results")
    assert sorted(m.to[0] for m in mail.outbox) == ["amara@example.org", "noor@example.org"]
    link = re.search(r"https?://\S+/join/\S+/", mail.outbox[0].body).group(0)
    page.get_by_role("button", name="Log out").click()

    join_path = seminar.course.join_url
    assert link.endswith(join_path)
    page.goto(live_server.url + join_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Join Reading Closely with Ruth Castillo"
    )
    shoot_both(page, "join-link-signed-out")
    page.locator("#main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("amara_o")
    page.get_by_label("Display name").fill("Amara O.")
    page.get_by_label("Email address").fill("amara@example.org")
    page.get_by_label("Password", exact=True).fill("tangerine kettle orbit 93")
    page.get_by_label("Password confirmation").fill("tangerine kettle orbit 93")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server.url + join_path)
    page.get_by_role("button", name="Join the course").click()
    page.wait_for_url(live_server.url + seminar.course.get_absolute_url())
    membership = Membership.objects.get(user__username="amara_o")
    assert membership.course == seminar.course and membership.role == Role.STUDENT
    page.console_watch.assert_clean()


def test_a_retired_join_link_says_to_ask_for_a_new_one(page, live_server, seminar):
    page.console_watch.allow("404")
    page.goto(f"{live_server.url}/join/AAAA-BBBB-CCCC/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This join link no longer works")
    shoot_both(page, "join-link-gone")


def test_per_paragraph_post_first_and_notices(page, live_server, seminar, log_in):
    assignment = seminar.assignment
    log_in(page, seminar.instructor)
    page.goto(
        live_server.url
        + reverse("classroom:assignment_edit", args=[seminar.course.slug, assignment.pk])
    )
    page.get_by_label("Posting in a paragraph unlocks that paragraph's discussion").check()
    shoot_both(page, "assignment-post-first-modes")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(re.escape(assignment.get_absolute_url())))
    expect(page.get_by_text("Post first for students: Posting in a paragraph")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.post_first == PostFirst.PARAGRAPH
    page.get_by_role("button", name="Log out").click()
    MembershipFactory(user=seminar.newcomer, course=seminar.course, role=Role.STUDENT)
    third = seminar.paragraphs[2]
    log_in(page, seminar.newcomer)
    page.goto(f"{seminar.reading_url(live_server)}?open={third.pk}#p-{third.pk}")
    expect(page.get_by_text("Post here to see your classmates' comments")).to_be_visible()
    expect(page.get_by_text("Is a shared margin really less private?")).to_have_count(0)
    shoot_both(page, "post-first-paragraph-locked")
    own = comment_create(
        author=seminar.newcomer, assignment=assignment, paragraph=third, body="My own view."
    )
    page.reload()
    expect(page.get_by_text("Is a shared margin really less private?")).to_be_visible()

    reply = comment_create(
        author=seminar.classmate,
        assignment=assignment,
        parent=own,
        body="I see it differently.",
    )
    run_queued_tasks()  # the worker tells of the reply
    Notice.objects.create(user=seminar.newcomer, text="Something without a link.")
    page.goto(live_server.url + reverse("discussions:notices"))
    shoot_both(page, "notices")
    page.get_by_role("button", name="Open").first.click()
    page.wait_for_url(re.compile(rf"#c-{reply.pk}$"))
    assert Notice.objects.get(comment=reply).read_at is not None
    page.console_watch.assert_clean()
