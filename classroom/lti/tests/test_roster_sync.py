"""The roster from the LMS over real HTTP: the test LMS serves its roster in pages of two, after
checking Colloquy's signed client assertion against Colloquy's published keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classroom.lti.models import CourseLink, Identity
from classroom.models import Membership, Role
from discussions.models import ModerationAction
from tests.factories import CourseFactory, MembershipFactory, UserFactory
from tests.lti_fixtures import course_link_for_test, row_counts

pytestmark = pytest.mark.django_db(transaction=True)

# Who the LMS course has: sub, name, preset role.
LMS_PEOPLE = [
    ("lms-okafor", "Grace Okafor", "instructor"),
    ("lms-haddad", "Noor Haddad", "ta"),
    ("lms-amara", "Amara Obi", "learner"),
    ("lms-ben", "Ben Lindqvist", "learner"),
    ("lms-chen", "Wei Chen", "learner"),
    ("lms-admin", "Pat Admin", "lms_admin"),
]


@pytest.fixture
def linked(lms):
    """A course linked to the LMS course, run by an instructor with a co-teacher added in
    Colloquy (neither has an account on the LMS), and the LMS course's six people."""
    course = CourseFactory()
    instructor = MembershipFactory(course=course, role=Role.INSTRUCTOR).user
    co_teacher = MembershipFactory(course=course, role=Role.INSTRUCTOR).user
    course_link_for_test(lms, course)
    for sub, name, preset in LMS_PEOPLE:
        lms.add_member(sub, name, f"{sub}@school.example", preset)
    return course, instructor, co_teacher


def sync(client, course, *, follow=True):
    return client.post(reverse("classroom:roster_lms_sync", args=[course.slug]), follow=follow)


def member(lms, sub: str, course) -> Membership:
    return Membership.objects.get(
        course=course, user__lti_identities__issuer=lms.issuer, user__lti_identities__subject=sub
    )


def roster_state(course) -> list[tuple]:
    return list(
        Membership.objects.filter(course=course)
        .order_by("pk")
        .values_list("user_id", "role", "removed_at")
    )


def test_everyone_in_the_lms_joins_with_their_role_page_by_page(client, lms, linked):
    course, instructor, co_teacher = linked
    client.force_login(instructor)
    answer = sync(client, course)
    assert answer.redirect_chain == [(reverse("classroom:roster", args=[course.slug]), 302)]
    assert "Roster synced: 6 joined, 0 changed role, 0 deactivated." in answer.text
    assert lms.received.membership_requests == 3  # six people, two a page

    roles = {sub: member(lms, sub, course).role for sub, _name, _preset in LMS_PEOPLE}
    assert roles == {
        "lms-okafor": Role.INSTRUCTOR,
        "lms-haddad": Role.TA,
        "lms-amara": Role.STUDENT,
        "lms-ben": Role.STUDENT,
        "lms-chen": Role.STUDENT,
        "lms-admin": Role.INSTRUCTOR,
    }
    admin = member(lms, "lms-admin", course).user
    assert not admin.is_superuser and not admin.is_staff and not admin.is_site_admin
    assert admin.display_name == "Pat Admin"
    assert Membership.objects.get(course=course, user=co_teacher).role == Role.INSTRUCTOR

    again = sync(client, course)
    assert "Roster synced: 0 joined, 0 changed role, 0 deactivated." in again.text
    assert Membership.objects.filter(course=course).count() == 8


def test_someone_the_lms_lists_twice_joins_once(client, lms, linked):
    course, instructor, _co_teacher = linked
    lms.members.append(lms.members[2])
    client.force_login(instructor)
    answer = sync(client, course)
    assert "Roster synced: 6 joined, 0 changed role, 0 deactivated." in answer.text
    assert Membership.objects.filter(course=course).count() == 8


def test_the_roster_marks_who_came_from_the_lms_and_who_never_launched(client, lms, linked):
    course, instructor, _co_teacher = linked
    client.force_login(instructor)
    roster = reverse("classroom:roster", args=[course.slug])
    before = client.get(roster).text
    assert "From the LMS: Test LMS" in before and "Not synced yet." in before
    assert "Never launched" not in before

    sync(client, course)
    Identity.objects.filter(subject__in=["lms-okafor", "lms-amara"]).update(
        first_launch_at=timezone.now()
    )
    page = client.get(roster).text
    assert "4 of 6 have never opened Colloquy from the LMS" in page
    assert page.count('<span class="status">From the LMS</span>') == 6
    assert page.count("Never launched</span>") == 4
    synced_at = CourseLink.objects.get().roster_synced_at
    assert f'Last synced <time datetime="{synced_at.replace(microsecond=0).isoformat()}">' in page
    assert 'action="' + reverse("classroom:roster_lms_sync", args=[course.slug]) in page


def test_someone_removed_in_the_lms_is_deactivated_and_returns_when_added_again(
    client, lms, linked
):
    course, instructor, co_teacher = linked
    client.force_login(instructor)
    sync(client, course)
    amara = lms.members.pop(2)
    assert amara.sub == "lms-amara"
    lms.members[3].status = "Inactive"  # Wei Chen: still listed, no longer active

    answer = sync(client, course)
    assert "Roster synced: 0 joined, 0 changed role, 2 deactivated." in answer.text
    for sub in ("lms-amara", "lms-chen"):
        assert member(lms, sub, course).removed_at is not None
    removals = ModerationAction.objects.filter(course=course, kind="member_remove")
    assert {action.subject.display_name for action in removals} == {"Amara Obi", "Wei Chen"}
    assert {action.actor for action in removals} == {instructor}
    assert Membership.objects.get(course=course, user=co_teacher).removed_at is None

    lms.members.append(amara)
    answer = sync(client, course)
    assert "Roster synced: 1 joined, 0 changed role, 0 deactivated." in answer.text
    assert member(lms, "lms-amara", course).removed_at is None
    assert member(lms, "lms-chen", course).removed_at is not None
    assert ModerationAction.objects.filter(course=course, kind="member_restore").count() == 1


def test_a_role_changed_in_the_lms_changes_here_and_is_audited(client, lms, linked):
    course, instructor, _co_teacher = linked
    client.force_login(instructor)
    sync(client, course)
    lms.members[3].roles = list(lms.members[1].roles)  # Ben becomes a TA
    answer = sync(client, course)
    assert "Roster synced: 0 joined, 1 changed role, 0 deactivated." in answer.text
    assert member(lms, "lms-ben", course).role == Role.TA
    change = ModerationAction.objects.get(course=course, kind="role_change")
    # As on the roster, a student made a TA keeps their grade.
    assert (change.details_before, change.details_after) == (
        "Student",
        "Teaching assistant (graded as a student)",
    )


def test_the_person_who_syncs_is_never_deactivated_by_it(client, lms, linked):
    course, _instructor, _co_teacher = linked
    # An instructor who came from the LMS once, whom the LMS no longer lists.
    launched = MembershipFactory(course=course, role=Role.INSTRUCTOR).user
    Identity.objects.create(issuer=lms.issuer, subject="lms-gone", user=launched)
    client.force_login(launched)
    answer = sync(client, course)
    assert "0 deactivated" in answer.text
    assert Membership.objects.get(course=course, user=launched).removed_at is None


def test_a_refused_token_changes_nothing_and_says_why(client, lms, linked):
    course, instructor, _co_teacher = linked
    lms.row.client_id = "not-the-client-id-the-lms-gave"
    lms.row.save()
    counts, state = row_counts(), roster_state(course)
    client.force_login(instructor)
    answer = sync(client, course)
    assert answer.status_code == 200
    assert "The roster was not synced and nothing changed: Test LMS refused a service token" in (
        answer.text
    )
    assert "HTTP 401" in answer.text
    assert lms.received.membership_requests == 0
    assert (row_counts(), roster_state(course)) == (counts, state)
    assert CourseLink.objects.get().roster_synced_at is None


def test_an_lms_failing_half_way_through_changes_nothing(client, lms, linked):
    course, instructor, _co_teacher = linked
    client.force_login(instructor)
    sync(client, course)
    del lms.members[2]
    lms.add_member("lms-new", "New Person", "new@school.example")
    synced_at = CourseLink.objects.get().roster_synced_at
    counts, state = row_counts(), roster_state(course)

    lms.roster_outage = [None, 500]  # the first page, then an error
    answer = sync(client, course)
    assert answer.status_code == 200
    assert (
        "The roster was not synced and nothing changed: Test LMS answered HTTP 500 when asked "
        "for the course&#x27;s roster." in answer.text
    )
    assert lms.roster_outage == [] and lms.received.membership_requests == 3 + 1
    assert (row_counts(), roster_state(course)) == (counts, state)
    assert CourseLink.objects.get().roster_synced_at == synced_at

    answer = sync(client, course)
    assert "Roster synced: 1 joined, 0 changed role, 1 deactivated." in answer.text


@pytest.mark.parametrize(
    ("path", "what"), [("/course", "a web page"), ("/.well-known/openid-configuration", "JSON")]
)
def test_an_answer_that_is_not_a_roster_changes_nothing(client, lms, linked, path, what):
    course, instructor, _co_teacher = linked
    client.force_login(instructor)
    sync(client, course)
    CourseLink.objects.update(memberships_url=lms.endpoint(path))
    state = roster_state(course)
    answer = sync(client, course)
    assert (
        "The roster was not synced and nothing changed: Test LMS sent something that is not a "
        "course roster." in answer.text
    ), what
    assert roster_state(course) == state


def test_only_the_course_instructors_may_sync(client, lms, linked):
    course, *_ = linked
    student = MembershipFactory(course=course, role=Role.STUDENT).user
    ta = MembershipFactory(course=course, role=Role.TA).user
    for person, status in [(student, 403), (ta, 403), (UserFactory(), 404)]:
        client.force_login(person)
        assert sync(client, course, follow=False).status_code == status
    assert lms.received.membership_requests == 0
    assert not lms.received.token_requests


def test_an_unlinked_course_has_no_roster_to_sync(client):
    course = CourseFactory()
    instructor = MembershipFactory(course=course, role=Role.INSTRUCTOR).user
    client.force_login(instructor)
    state = roster_state(course)
    answer = sync(client, course, follow=False)
    assert answer.status_code == 409
    assert "This course is not linked to an LMS course with a roster" in answer.text
    assert "Sync the roster from the LMS" not in answer.text
    assert roster_state(course) == state


def test_a_sync_that_changes_nothing_costs_the_same_for_a_larger_class(client, lms, linked):
    """Everyone already known is found in one query, not one query each."""
    course, instructor, _co_teacher = linked
    client.force_login(instructor)

    def queries_of_a_quiet_sync() -> int:
        sync(client, course)  # brings the newcomers in
        with CaptureQueriesContext(connection) as captured:
            assert sync(client, course).status_code == 200
        return len(captured.captured_queries)

    six = queries_of_a_quiet_sync()
    for number in range(14):
        lms.add_member(f"lms-extra-{number}", f"Extra Person {number}", f"x{number}@school.example")
    assert queries_of_a_quiet_sync() == six
