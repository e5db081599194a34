"""Every change to what someone may reach counts for them (`User.access_version`), and only
for them; adding only grants and counts for nobody."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from classroom.models import Assignment, Course, Membership, Role
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def counts(classroom) -> dict[str, int]:
    people = ["instructor", "ta", "student", "classmate", "other_student", "admin", "outsider"]
    found = dict(
        get_user_model()
        .objects.filter(pk__in=[classroom.user(name).pk for name in people])
        .values_list("pk", "access_version")
    )
    return {name: found[classroom.user(name).pk] for name in people}


def counted(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in before if after[name] != before[name]}


def test_a_copy_of_an_account_saved_after_another_change_counts_on_never_back(classroom):
    copy = get_user_model().objects.get(pk=classroom.student.pk)
    Membership.objects.get(course=classroom.course, user=classroom.student).delete()
    after_removal = get_user_model().objects.get(pk=classroom.student.pk).access_version

    copy.display_name = "Renamed on a page opened before"
    copy.save()

    assert copy.access_version == after_removal + 1
    stored = get_user_model().objects.get(pk=classroom.student.pk)
    assert stored.access_version == after_removal + 1


def test_a_save_naming_its_fields_counts_too(classroom):
    before = counts(classroom)
    classroom.student.last_login = timezone.now()
    classroom.student.save(update_fields=["last_login"])

    assert counted(before, counts(classroom)) == {"student"}


def test_a_membership_change_counts_for_its_member_only(classroom):
    membership = Membership.objects.get(course=classroom.course, user=classroom.student)
    before = counts(classroom)
    membership.role = Role.TA
    membership.save()

    assert counted(before, counts(classroom)) == {"student"}


def test_an_assignment_or_course_change_counts_for_its_members_and_the_site_admins(classroom):
    Membership.objects.filter(course=classroom.course, user=classroom.classmate).update(
        removed_at=timezone.now()
    )
    everyone_here = {"instructor", "ta", "student", "admin"}

    before = counts(classroom)
    Assignment.objects.get(pk=classroom.assignment.pk).save()
    assert counted(before, counts(classroom)) == everyone_here

    before = counts(classroom)
    Course.objects.get(pk=classroom.course.pk).save()
    assert counted(before, counts(classroom)) == everyone_here


def test_deleting_an_assignment_or_a_course_counts_for_its_members_and_the_site_admins(
    classroom,
):
    # Only what nobody wrote in can be deleted: comments keep their assignment.
    unused = AssignmentFactory(course=classroom.course)
    everyone_here = {"instructor", "ta", "student", "classmate", "admin"}

    before = counts(classroom)
    unused.delete()
    assert counted(before, counts(classroom)) == everyone_here

    empty_course = MembershipFactory(user=classroom.outsider).course
    before = counts(classroom)
    empty_course.delete()
    assert counted(before, counts(classroom)) == {"outsider", "admin"}


def test_adding_counts_for_nobody(classroom):
    before = counts(classroom)
    AssignmentFactory(course=classroom.course)
    MembershipFactory(course=classroom.other_assignment.course, user=classroom.student)
    UserFactory()

    assert counted(before, counts(classroom)) == set()
