"""Groups in a course: made by hand or at random, and discussions that stay inside them."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classroom.groups.services import group_sizes, groups_split_random
from classroom.models import Assignment, Group, Membership, Role
from tests.factories import MembershipFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


def url(name, classroom, *args) -> str:
    return reverse(f"classroom:{name}", args=[classroom.course.slug, *args])


def membership(user, course) -> Membership:
    return Membership.objects.get(user=user, course=course)


def add_students(course, count: int) -> list[Membership]:
    return [MembershipFactory(course=course, role=Role.STUDENT) for _ in range(count)]


def group_state(course) -> tuple:
    return (
        sorted(Group.objects.filter(course=course).values_list("pk", "name")),
        sorted(Membership.objects.filter(course=course).values_list("pk", "group_id")),
    )


# --- Making, renaming and deleting groups ---


def test_the_groups_page_lists_groups_and_every_student(classroom, client_for):
    group = Group.objects.create(course=classroom.course, name="Harbour")
    Membership.objects.filter(user=classroom.student).update(group=group)
    page = client_for(classroom.ta).get(url("groups", classroom))
    assert page.status_code == 200
    assert "Harbour" in page.text
    assert classroom.student.public_name in page.text
    assert classroom.classmate.public_name in page.text
    assert classroom.instructor.public_name not in page.text.split("<h2>Students</h2>")[1]


def test_staff_make_a_group_by_name(classroom, client_for):
    response = client_for(classroom.ta).post(url("group_create", classroom), {"name": " Harbour "})
    assert response.status_code == 302
    assert Group.objects.get(course=classroom.course).name == "Harbour"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("harbour", "This course already has a group called “harbour”."),
        ("x" * 81, "at most 80 characters"),
    ],
)
def test_a_bad_group_name_is_refused(name, message, classroom, client_for):
    Group.objects.create(course=classroom.course, name="Harbour")
    before = group_state(classroom.course)
    response = client_for(classroom.instructor).post(url("group_create", classroom), {"name": name})
    assert response.status_code == 422
    assert message in response.text
    assert group_state(classroom.course) == before


def test_the_same_name_may_be_used_in_another_course(classroom, client_for):
    Group.objects.create(course=classroom.other_assignment.course, name="Harbour")
    response = client_for(classroom.instructor).post(
        url("group_create", classroom), {"name": "Harbour"}
    )
    assert response.status_code == 302


def test_renaming_a_group(classroom, client_for):
    group = Group.objects.create(course=classroom.course, name="Harbour")
    Group.objects.create(course=classroom.course, name="Lighthouse")
    client = client_for(classroom.instructor)
    response = client.post(url("group_rename", classroom, group.pk), {"name": "Estuary"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Estuary"
    clash = client.post(url("group_rename", classroom, group.pk), {"name": "LIGHTHOUSE"})
    assert clash.status_code == 422
    assert "already has a group called" in clash.text
    group.refresh_from_db()
    assert group.name == "Estuary"


def test_deleting_a_group_moves_its_members_to_no_group(classroom, client_for):
    group = Group.objects.create(course=classroom.course, name="Harbour")
    Membership.objects.filter(user=classroom.student).update(group=group)
    response = client_for(classroom.instructor).post(url("group_delete", classroom, group.pk))
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert membership(classroom.student, classroom.course).group is None
    assert Membership.objects.filter(user=classroom.student).exists()


def test_a_group_that_has_discussed_is_kept_with_its_comments(classroom, client_for):
    group = Group.objects.create(course=classroom.course, name="Harbour")
    Membership.objects.filter(user=classroom.student).update(group=group)
    Assignment.objects.filter(pk=classroom.assignment.pk).update(group_discussions=True)
    classroom.assignment.refresh_from_db()
    comment = make_comment(author=classroom.student, assignment=classroom.assignment)
    assert comment.group == group
    before = group_state(classroom.course)
    client = client_for(classroom.instructor)
    assert "Kept: it holds this group" in client.get(url("groups", classroom)).text
    response = client.post(url("group_delete", classroom, group.pk))
    assert response.status_code == 422
    assert "Harbour” has discussed" in response.text
    assert group_state(classroom.course) == before
    comment.refresh_from_db()
    assert comment.group == group


def test_groups_of_another_course_are_not_found(classroom, client_for):
    elsewhere = Group.objects.create(course=classroom.other_assignment.course, name="Far")
    client = client_for(classroom.instructor)
    for name in ("group_rename", "group_delete"):
        response = client.post(url(name, classroom, elsewhere.pk), {"name": "Near"})
        assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Far"


# --- Putting students in groups ---


def test_staff_put_a_student_in_a_group_and_take_them_out(classroom, client_for):
    group = Group.objects.create(course=classroom.course, name="Harbour")
    student = membership(classroom.student, classroom.course)
    client = client_for(classroom.ta)
    response = client.post(url("group_assign", classroom, student.pk), {"group": group.pk})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.group == group
    page = client.get(url("groups", classroom)).text
    assert f'<option value="{group.pk}" selected>Harbour</option>' in page
    response = client.post(url("group_assign", classroom, student.pk), {"group": ""})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.group is None


def test_a_student_cannot_join_another_courses_group(classroom, client_for):
    elsewhere = Group.objects.create(course=classroom.other_assignment.course, name="Far")
    student = membership(classroom.student, classroom.course)
    response = client_for(classroom.instructor).post(
        url("group_assign", classroom, student.pk), {"group": elsewhere.pk}
    )
    assert response.status_code == 422
    assert "Choose one of this course&#x27;s groups." in response.text
    student.refresh_from_db()
    assert student.group is None


@pytest.mark.parametrize("value", ["abc", "99999999", "-1"])
def test_a_bogus_group_choice_is_refused(value, classroom, client_for):
    student = membership(classroom.student, classroom.course)
    response = client_for(classroom.instructor).post(
        url("group_assign", classroom, student.pk), {"group": value}
    )
    assert response.status_code == 422
    student.refresh_from_db()
    assert student.group is None


def test_only_students_go_in_groups(classroom, client_for):
    group = Group.objects.create(course=classroom.course, name="Harbour")
    ta = membership(classroom.ta, classroom.course)
    response = client_for(classroom.instructor).post(
        url("group_assign", classroom, ta.pk), {"group": group.pk}
    )
    assert response.status_code == 422
    assert "Only students in the course can be put in groups." in response.text
    ta.refresh_from_db()
    assert ta.group is None


def test_a_membership_of_another_course_is_not_found(classroom, client_for):
    other = membership(classroom.other_student, classroom.other_assignment.course)
    response = client_for(classroom.instructor).post(
        url("group_assign", classroom, other.pk), {"group": ""}
    )
    assert response.status_code == 404


# --- Splitting at random ---


@pytest.mark.parametrize(
    ("count", "size", "sizes"),
    [
        (10, 4, [4, 3, 3]),
        (12, 4, [4, 4, 4]),
        (13, 4, [4, 3, 3, 3]),
        (9, 4, [3, 3, 3]),
        (7, 2, [2, 2, 2, 1]),  # one left over with pairs: nothing better is possible
        (5, 4, [5]),  # 3 + 2 would leave a group of two; one group of five instead
        (3, 4, [3]),
        (2, 2, [2]),
        (0, 3, []),
    ],
)
def test_group_sizes(count, size, sizes):
    assert group_sizes(count, size) == sizes


@pytest.mark.parametrize("size", range(2, 9))
@pytest.mark.parametrize("count", range(1, 41))
def test_group_sizes_spread_leftovers(count, size):
    sizes = group_sizes(count, size)
    assert sum(sizes) == count
    assert max(sizes) - min(sizes) <= 1  # leftovers spread evenly
    if count >= size - 1:
        # Wherever it is possible, no group is smaller than size - 1...
        assert min(sizes) >= size - 1
    # ...and groups are never more than one bigger than asked, unless very few students.
    if count >= size * (size - 1):
        assert max(sizes) <= size + 1


def test_split_deals_ungrouped_students_into_groups(classroom, client_for):
    add_students(classroom.course, 8)  # ten students with the fixture's two
    response = client_for(classroom.instructor).post(url("groups_split", classroom), {"size": "4"})
    assert response.status_code == 302
    groups = Group.objects.filter(course=classroom.course)
    assert sorted(group.memberships.count() for group in groups) == [3, 3, 4]
    assert sorted(groups.values_list("name", flat=True)) == ["Group 1", "Group 2", "Group 3"]
    students = Membership.objects.filter(course=classroom.course, role=Role.STUDENT)
    assert not students.filter(group__isnull=True).exists()
    staff = Membership.objects.filter(course=classroom.course).exclude(role=Role.STUDENT)
    assert not staff.filter(group__isnull=False).exists()
    page = client_for(classroom.instructor).get(url("groups", classroom)).text
    assert "Group 3" in page


def test_split_leaves_grouped_students_alone_unless_asked(classroom, client_for):
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    Membership.objects.filter(user__in=[classroom.student, classroom.classmate]).update(
        group=harbour
    )
    newcomers = add_students(classroom.course, 4)
    client = client_for(classroom.instructor)
    response = client.post(url("groups_split", classroom), {"size": "2"})
    assert response.status_code == 302
    assert membership(classroom.student, classroom.course).group == harbour
    assert membership(classroom.classmate, classroom.course).group == harbour
    assert all(
        m.group not in (None, harbour)
        for m in Membership.objects.filter(pk__in=[n.pk for n in newcomers])
    )
    # Everyone is grouped: another split without "regroup everyone" says so.
    again = client.post(url("groups_split", classroom), {"size": "2"})
    assert again.status_code == 422
    assert "Every student is already in a group." in again.text


def test_regroup_everyone_starts_over(classroom):
    add_students(classroom.course, 6)
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    Membership.objects.filter(user=classroom.student).update(group=harbour)
    groups = groups_split_random(
        course=classroom.course, size=4, regroup_all=True, rng=random.Random(7)
    )
    assert [group.memberships.count() for group in groups] == [4, 4]
    assert not Group.objects.filter(pk=harbour.pk).exists()  # emptied, never discussed
    assert not Membership.objects.filter(
        course=classroom.course, role=Role.STUDENT, group__isnull=True
    ).exists()


def test_regroup_everyone_keeps_groups_that_discussed(classroom):
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    Membership.objects.filter(user=classroom.student).update(group=harbour)
    Assignment.objects.filter(pk=classroom.assignment.pk).update(group_discussions=True)
    classroom.assignment.refresh_from_db()
    make_comment(author=classroom.student, assignment=classroom.assignment)
    groups_split_random(course=classroom.course, size=2, regroup_all=True, rng=random.Random(1))
    assert Group.objects.filter(pk=harbour.pk).exists()
    assert not harbour.memberships.exists()


def test_a_seeded_split_is_repeatable_and_random(classroom):
    add_students(classroom.course, 10)

    def split(seed):
        Membership.objects.filter(course=classroom.course).update(group=None)
        Group.objects.filter(course=classroom.course).delete()
        groups = groups_split_random(course=classroom.course, size=3, rng=random.Random(seed))
        return [sorted(group.memberships.values_list("pk", flat=True)) for group in groups]

    assert split(42) == split(42)
    assert split(42) != split(43)


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("0", "Groups need at least 2 students."),
        ("1", "Groups need at least 2 students."),
        ("-3", "Groups need at least 2 students."),
        ("abc", "Enter a whole number of students per group, such as 4."),
        ("2.5", "Enter a whole number of students per group, such as 4."),
        ("", "Enter how many students each group should have"),
        ("99999999999999999999", "Groups can have at most 100 students."),
    ],
)
def test_a_bad_group_size_is_refused(size, message, classroom, client_for):
    before = group_state(classroom.course)
    response = client_for(classroom.instructor).post(url("groups_split", classroom), {"size": size})
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert group_state(classroom.course) == before


def test_the_service_refuses_tiny_groups(classroom):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        groups_split_random(course=classroom.course, size=1)
    assert not Group.objects.filter(course=classroom.course).exists()


def test_a_course_without_students_cannot_be_split(client_for):
    teacher = UserFactory()
    course = MembershipFactory(user=teacher, role=Role.INSTRUCTOR).course
    response = client_for(teacher).post(
        reverse("classroom:groups_split", args=[course.slug]), {"size": "3"}
    )
    assert response.status_code == 422
    assert "There are no students in this course to split yet." in response.text


def test_groups_page_query_count_does_not_grow(classroom, client_for):
    client = client_for(classroom.instructor)

    def queries_with(extra_students: int) -> int:
        add_students(classroom.course, extra_students)
        Membership.objects.filter(course=classroom.course).update(group=None)
        Group.objects.filter(course=classroom.course).delete()
        groups_split_random(course=classroom.course, size=3, rng=random.Random(0))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("groups", classroom)).status_code == 200
        return len(captured)

    few = queries_with(3)
    many = queries_with(60)
    assert few == many
    assert many <= 12


# --- Group discussions on the reading page ---


@pytest.fixture
def grouped(classroom):
    """Two groups with a thread each, plus a staff thread, in a group-discussion assignment."""
    Assignment.objects.filter(pk=classroom.assignment.pk).update(group_discussions=True)
    classroom.assignment.refresh_from_db()
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    lighthouse = Group.objects.create(course=classroom.course, name="Lighthouse")
    Membership.objects.filter(user=classroom.student).update(group=harbour)
    Membership.objects.filter(user=classroom.classmate).update(group=lighthouse)
    paragraph = classroom.paragraphs[2]
    harbour_thread = make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        paragraph=paragraph,
        body="Harbour thinks so.",
    )
    lighthouse_thread = make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=paragraph,
        body="Lighthouse disagrees.",
    )
    staff_thread = make_comment(
        author=classroom.ta,
        assignment=classroom.assignment,
        paragraph=paragraph,
        body="A note from the TA.",
    )
    return {
        "harbour": harbour,
        "lighthouse": lighthouse,
        "paragraph": paragraph,
        "threads": (harbour_thread, lighthouse_thread, staff_thread),
    }


def reading_page(classroom, client, query: str = "") -> str:
    response = client.get(f"{classroom.assignment.get_absolute_url()}?all=1{query}")
    assert response.status_code == 200
    return response.text


def test_comments_carry_their_authors_group(grouped):
    harbour_thread, lighthouse_thread, staff_thread = grouped["threads"]
    assert harbour_thread.group == grouped["harbour"]
    assert lighthouse_thread.group == grouped["lighthouse"]
    assert staff_thread.group is None


def test_a_student_sees_only_their_groups_threads_and_staff_comments(
    grouped, classroom, client_for
):
    client = client_for(classroom.student)
    page = reading_page(classroom, client)
    assert "Harbour thinks so." in page
    assert "A note from the TA." in page
    assert "Lighthouse disagrees." not in page
    assert "You discuss in your group" in page
    # Asking for another group's threads changes nothing for a student.
    query = f"&group={grouped['lighthouse'].pk}"
    assert "Lighthouse disagrees." not in reading_page(classroom, client, query)
    assert 'id="group-filter"' not in page
    lighthouse_thread = grouped["threads"][1]
    detail = reverse("discussions:comment", args=[lighthouse_thread.pk])
    assert client.get(detail, headers={"HX-Request": "true"}).status_code == 404


def test_staff_see_every_group_and_can_filter_by_one(grouped, classroom, client_for):
    for staff in (classroom.instructor, classroom.ta, classroom.admin):
        client = client_for(staff)
        everything = reading_page(classroom, client)
        assert "Harbour thinks so." in everything
        assert "Lighthouse disagrees." in everything
        assert 'id="group-filter"' in everything
        assert f'<option value="{grouped["lighthouse"].pk}">Lighthouse</option>' in everything

        only = reading_page(classroom, client, f"&group={grouped['lighthouse'].pk}")
        assert "Lighthouse disagrees." in only
        assert "A note from the TA." in only
        assert "Harbour thinks so." not in only
        assert f'<option value="{grouped["lighthouse"].pk}" selected>' in only


def test_the_group_filter_applies_to_a_paragraphs_fragment(grouped, classroom, client_for):
    paragraph = grouped["paragraph"]
    fragment = reverse(
        "discussions:paragraph_discussion",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    client = client_for(classroom.instructor)
    harbour = grouped["harbour"].pk
    page = reading_page(classroom, client, f"&group={harbour}")
    assert f"{fragment}?group={harbour}" in page  # opening a paragraph keeps the filter
    response = client.get(f"{fragment}?group={harbour}", headers={"HX-Request": "true"})
    assert "Harbour thinks so." in response.text
    assert "Lighthouse disagrees." not in response.text


@pytest.mark.parametrize("value", ["abc", "0", "99999999", "-1", ""])
def test_a_bogus_group_filter_shows_everything(value, grouped, classroom, client_for):
    page = reading_page(classroom, client_for(classroom.instructor), f"&group={value}")
    assert "Harbour thinks so." in page and "Lighthouse disagrees." in page


def test_a_group_of_another_course_is_no_filter(grouped, classroom, client_for):
    elsewhere = Group.objects.create(course=classroom.other_assignment.course, name="Far")
    page = reading_page(classroom, client_for(classroom.instructor), f"&group={elsewhere.pk}")
    assert "Harbour thinks so." in page and "Lighthouse disagrees." in page


def test_without_group_discussions_everyone_sees_everything(grouped, classroom, client_for):
    Assignment.objects.filter(pk=classroom.assignment.pk).update(group_discussions=False)
    page = reading_page(classroom, client_for(classroom.student))
    assert "Lighthouse disagrees." in page
    staff_page = reading_page(classroom, client_for(classroom.instructor))
    assert 'id="group-filter"' not in staff_page


def test_a_student_who_moves_group_keeps_their_old_comments_where_they_were(
    grouped, classroom, client_for
):
    Membership.objects.filter(user=classroom.student).update(group=grouped["lighthouse"])
    harbour_thread = grouped["threads"][0]
    harbour_thread.refresh_from_db()
    assert harbour_thread.group == grouped["harbour"]
    moved = reading_page(classroom, client_for(classroom.student))
    assert "Lighthouse disagrees." in moved  # the new group's threads
    assert "Harbour thinks so." in moved  # and their own words, always
    assert "Harbour thinks so." not in reading_page(classroom, client_for(classroom.classmate))


def test_a_staff_reply_in_another_groups_thread_stays_in_that_group(grouped, classroom, client_for):
    lighthouse_thread = grouped["threads"][1]
    reply = make_comment(
        author=classroom.ta,
        assignment=classroom.assignment,
        parent=lighthouse_thread,
        body="TA answers Lighthouse.",
    )
    assert reply.group == grouped["lighthouse"]
    harbour_page = reading_page(classroom, client_for(classroom.student))
    assert "TA answers Lighthouse." not in harbour_page
    assert "2 comments" in harbour_page  # their own thread and the TA's note, nothing more
    assert "TA answers Lighthouse." in reading_page(classroom, client_for(classroom.classmate))


# --- Roles and groups: staff speak to every group ---


def test_a_student_made_ta_leaves_their_group_and_their_threads_reach_every_group(
    grouped, classroom, client_for
):
    Membership.objects.filter(user=classroom.classmate).update(group=None)
    newcomer = MembershipFactory(course=classroom.course, role=Role.STUDENT)
    newcomer.group = grouped["lighthouse"]
    newcomer.save()
    client = client_for(classroom.instructor)
    response = client.post(
        url("membership_role", classroom, newcomer.pk), {"role": Role.TA}, follow=True
    )
    assert "no longer in a group" in response.text
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.group) == (Role.TA, None)
    # Their new thread reaches the Harbour student, who was never in Lighthouse.
    thread = client_for(newcomer.user).post(
        reverse(
            "discussions:thread_create",
            args=[classroom.course.slug, classroom.assignment.pk, grouped["paragraph"].pk],
        ),
        {"body": "A question for every group."},
    )
    assert thread.status_code == 302
    assert "A question for every group." in reading_page(classroom, client_for(classroom.student))


def test_a_staff_thread_reaches_every_group_even_if_their_membership_had_a_group(
    grouped, classroom, client_for
):
    """Staff who kept a group from before (data from older versions) still post to all."""
    Membership.objects.filter(user=classroom.ta).update(group=grouped["lighthouse"])
    client_for(classroom.ta).post(
        reverse(
            "discussions:thread_create",
            args=[classroom.course.slug, classroom.assignment.pk, grouped["paragraph"].pk],
        ),
        {"body": "Everyone, look here."},
    )
    assert "Everyone, look here." in reading_page(classroom, client_for(classroom.student))


def test_the_roster_says_promoting_clears_a_group(grouped, classroom, client_for):
    page = client_for(classroom.instructor).get(url("roster", classroom)).text
    assert "Harbour" in page
    assert "leaves their group" in page
