"""Participation scores reach the LMS gradebook over real HTTP: the test LMS runs on a loopback
port and checks Colloquy's signed client assertion against Colloquy's published keys."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from classroom.lti.models import AssignmentLink, Identity
from classroom.models import Role
from discussions.lms.tasks import send_grades
from discussions.models import GradeSend
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory, make_comment
from tests.lti_fixtures import assignment_link_for_test, course_link_for_test

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]
LONG_ENOUGH = " ".join(["word"] * 25)


@pytest.fixture
def linked(lms):
    """A course linked to the LMS course, an assignment linked to a resource link, two
    students who came from the LMS and one who joined in Colloquy only."""
    assignment = AssignmentFactory()
    course = assignment.course
    instructor = UserFactory()
    MembershipFactory(user=instructor, course=course, role=Role.INSTRUCTOR)
    assignment_link_for_test(course_link_for_test(lms, course), assignment)
    students = {}
    for sub, name in [("lms-amara", "Amara Obi"), ("lms-noor", "Noor Haddad")]:
        student = UserFactory(display_name=name)
        MembershipFactory(user=student, course=course, role=Role.STUDENT)
        Identity.objects.create(issuer=lms.issuer, subject=sub, user=student)
        lms.add_member(sub, name, f"{sub}@school.example")
        students[sub] = student
    local = UserFactory(display_name="Local Only")
    MembershipFactory(user=local, course=course, role=Role.STUDENT)
    make_comment(author=students["lms-amara"], assignment=assignment, body=LONG_ENOUGH)
    return assignment, instructor, students, local


def test_send_grades_now_puts_each_score_in_the_lms_gradebook(client, lms, linked):
    assignment, instructor, _students, local = linked
    client.force_login(instructor)
    send = reverse("lms:grades_send", args=[assignment.course.slug, assignment.pk])
    assert client.post(send).status_code == 302
    call_command(*WORKER, verbosity=0)

    # The line item was made with the rubric's points, then one score per LMS student.
    (item,) = lms.lineitems.values()
    assert item["scoreMaximum"] == 10.0 and item["resourceLinkId"] == "link-1"
    scores = {score["userId"]: score for score in lms.received.scores}
    assert set(scores) == {"lms-amara", "lms-noor"}
    assert scores["lms-amara"]["scoreGiven"] > 0
    assert scores["lms-noor"]["scoreGiven"] == 0
    assert scores["lms-noor"]["activityProgress"] == "Initialized"
    assert scores["lms-amara"]["gradingProgress"] == "FullyGraded"
    assert all(score["lineitem"] == item["id"] for score in scores.values())
    assert AssignmentLink.objects.get().lineitem_url == item["id"]

    page = client.get(reverse("lms:grades", args=[assignment.course.slug, assignment.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("Accepted by the LMS") == 2
    assert "Never launched Colloquy from the LMS" in text  # the local-only student
    assert GradeSend.objects.get(student=local).outcome == GradeSend.Outcome.NOT_LINKED


def test_the_token_is_asked_for_once_and_reused(lms, linked):
    assignment, *_ = linked
    send_grades.call(assignment.pk)
    send_grades.call(assignment.pk)
    assert len(lms.received.scores) == 4
    granted = [request["scope"] for request in lms.received.token_requests]
    assert len(granted) == len(set(granted)), "one token per set of scopes, then the cached one"


def test_an_lms_outage_is_retried_later_with_a_growing_wait(lms, linked):
    assignment, *_ = linked
    lms.score_outage = [503, 503]
    before = timezone.now()
    assert send_grades.call(assignment.pk) == 0
    assert set(GradeSend.objects.values_list("outcome", flat=True)) >= {"retrying"}
    retry = DBTaskResult.objects.get(task_path=send_grades.module_path)
    assert retry.run_after >= before + timedelta(seconds=30)
    DBTaskResult.objects.update(run_after=timezone.now())
    call_command(*WORKER, verbosity=0)
    assert {score["userId"] for score in lms.received.scores} == {"lms-amara", "lms-noor"}
    latest = GradeSend.objects.latest_by_student(assignment)
    assert {row.outcome for row in latest.values()} == {"sent", "not_linked"}
    assert max(row.attempts for row in latest.values()) == 2


def test_a_refused_score_is_shown_with_the_lms_answer(client, lms, linked):
    assignment, instructor, students, _local = linked
    lms.members = [member for member in lms.members if member.sub != "lms-noor"]
    send_grades.call(assignment.pk)
    row = GradeSend.objects.latest_by_student(assignment)[students["lms-noor"].pk]
    assert row.outcome == GradeSend.Outcome.FAILED and row.lms_status == 400
    client.force_login(instructor)
    page = client.get(reverse("lms:grades", args=[assignment.course.slug, assignment.pk]))
    assert "lms-noor is not in this course" in page.content.decode()


def test_hourly_sending_leaves_anonymous_discussions_to_staff(lms, linked):
    assignment, *_ = linked
    assignment.anonymous = True
    assignment.save()
    call_command("send_lms_grades", verbosity=0)
    assert not DBTaskResult.objects.filter(task_path=send_grades.module_path).exists()
    assignment.anonymous = False
    assignment.save()
    call_command("send_lms_grades", verbosity=0)
    assert DBTaskResult.objects.filter(task_path=send_grades.module_path).count() == 1


def test_an_unlinked_assignment_has_nowhere_to_send(client):
    assignment = AssignmentFactory()
    instructor = UserFactory()
    MembershipFactory(user=instructor, course=assignment.course, role=Role.INSTRUCTOR)
    client.force_login(instructor)
    answer = client.post(reverse("lms:grades_send", args=[assignment.course.slug, assignment.pk]))
    assert answer.status_code == 409
    assert "not linked to an LMS gradebook column" in answer.content.decode()
    assert not DBTaskResult.objects.filter(task_path=send_grades.module_path).exists()
    assert not GradeSend.objects.exists()
