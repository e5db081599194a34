"""Grades a teacher can use: teaching assistants who stay graded, a default rubric that rewards
substance, scores set by hand, the course gradebook and its export for a school gradebook."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from classroom.models import Membership, Role
from classroom.roster.services import membership_set_role
from discussions.models import Criterion, ModerationAction, ParticipationRubric, ScoreOverride
from discussions.participation.scores import participation_for
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory, make_comment

from .test_participation import explanation, export, table

pytestmark = pytest.mark.django_db

THOUGHTFUL = (
    "The narrator keeps the harbour closed for the whole story, and I think that silence is "
    "the point: every time a character starts to explain the storm, the paragraph cuts away "
    "to the town's routines, the bread, the bells, the ferry timetable that nobody reads any "
    "more. The author seems to say that a community survives by refusing to name its losses, "
    "and the ending, where the ferry finally sails, reads to me as a cost rather than a relief."
)
ANSWER = (
    "I read the ending the other way. The ferry sailing is the first time anyone says the "
    "storm's name aloud, in the captain's last line, so the town stops refusing. The routines "
    "in the middle are how they hold on until they can say it, which is why the bread and the "
    "bells come back in the last paragraph as well, only this time someone listens to them."
)


def course_export(client, course) -> tuple[list[str], dict[str, dict], str]:
    response = client.get(reverse("discussions:gradebook_export", args=[course.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    rows = {row["Username"]: row for row in csv.DictReader(io.StringIO(text))}
    return header, rows, response["Content-Disposition"]


def gradebook_scores(client, course) -> dict[int, dict]:
    """Per student id: the score in each assignment (by id) and the total, as the page shows."""
    response = client.get(reverse("discussions:gradebook", args=[course.slug]))
    assert response.status_code == 200
    rows = {}
    for match in re.finditer(r'<tr id="student-(\d+)">(.*?)</tr>', response.text, re.S):
        cells = re.findall(
            r'data-assignment="(\d+)">.*?<span class="score-value">([^<]+)</span>', match[2], re.S
        )
        total = re.search(r"data-total><strong>([^<]+)</strong>", match[2])[1]
        rows[int(match[1])] = {
            "scores": {int(pk): Decimal(score) for pk, score in cells},
            "total": Decimal(total),
        }
    return rows


def set_role(client, classroom, person, role: str):
    membership = Membership.objects.get(user=person, course=classroom.course)
    url = reverse("classroom:membership_role", args=[classroom.course.slug, membership.pk])
    return client.post(url, {"role": role})


def override_url(classroom, student, *, clear=False) -> str:
    name = "participation_override_clear" if clear else "participation_override"
    return reverse(
        f"discussions:{name}", args=[classroom.course.slug, classroom.assignment.pk, student.pk]
    )


def record_url(classroom, student) -> str:
    return reverse(
        "discussions:participation_student",
        args=[classroom.course.slug, classroom.assignment.pk, student.pk],
    )


# --- a student made a teaching assistant keeps their grade ---


@pytest.fixture
def leader(classroom):
    """A student who wrote a thread and a reply to a classmate, and got a reply back."""
    mine = make_comment(author=classroom.student, assignment=classroom.assignment, body=THOUGHTFUL)
    make_comment(
        author=classroom.student,
        assignment=classroom.assignment,
        parent=classroom.comment,
        body=ANSWER,
    )
    make_comment(
        author=classroom.classmate, assignment=classroom.assignment, parent=mine, body=ANSWER
    )
    return classroom


def everywhere(client, classroom, person) -> tuple:
    """The person's score on the participation page, in its CSV and in the gradebook."""
    in_table = table(client, classroom.assignment)[person.pk]["score"]
    in_csv = Decimal(
        {row["Username"]: row for row in export(client, classroom.assignment)}[person.username][
            "Score"
        ]
    )
    in_gradebook = gradebook_scores(client, classroom.course)[person.pk]["total"]
    return in_table, in_csv, in_gradebook


def test_a_student_made_a_teaching_assistant_keeps_their_grade_and_demoting_keeps_it(
    leader, client_for
):
    client = client_for(leader.instructor)
    before = everywhere(client, leader, leader.student)
    assert before[0] > 0 and len(set(before)) == 1

    assert set_role(client, leader, leader.student, "ta-graded").status_code == 302
    membership = Membership.objects.get(user=leader.student, course=leader.course)
    assert membership.role == Role.TA and membership.graded_as_student
    assert everywhere(client, leader, leader.student) == before
    page = client.get(
        reverse("discussions:participation", args=[leader.course.slug, leader.assignment.pk])
    )
    assert "Teaching assistant, graded as a student" in page.text
    rows = {row["Username"]: row for row in export(client, leader.assignment)}
    assert rows[leader.student.username]["Role"] == "Teaching assistant, graded as a student"
    _, exported, _ = course_export(client, leader.course)
    assert "Teaching assistant, graded as a student" in exported[leader.student.username]["Notes"]

    assert set_role(client, leader, leader.student, Role.STUDENT).status_code == 302
    assert everywhere(client, leader, leader.student) == before
    # Listed once, never twice, and the classmate's score did not move either.
    people = [person.student.pk for person in participation_for(leader.assignment)]
    assert people.count(leader.student.pk) == 1
    audit = ModerationAction.objects.filter(kind=ModerationAction.Kind.ROLE_CHANGE)
    assert [row.details_after for row in audit.order_by("pk")] == [
        "Teaching assistant (graded as a student)",
        "Student",
    ]


def test_a_teaching_assistant_the_teacher_chose_not_to_grade_leaves_the_grades(leader, client_for):
    client = client_for(leader.instructor)
    set_role(client, leader, leader.student, Role.TA)
    assert leader.student.pk not in table(client, leader.assignment)
    assert leader.student.pk not in gradebook_scores(client, leader.course)
    _, exported, _ = course_export(client, leader.course)
    assert leader.student.username not in exported
    # The teaching assistant who was never a student is not graded either.
    assert leader.ta.username not in exported
    assert leader.ta.pk not in table(client, leader.assignment)


def test_the_roster_says_what_a_role_change_does_before_it_is_made(classroom, client_for):
    html = (
        client_for(classroom.instructor)
        .get(reverse("classroom:roster", args=[classroom.course.slug]))
        .text
    )
    assert "Teaching assistants</strong> can moderate and see every group" in html
    assert "stays graded as a student" in html
    assert 'aria-describedby="role-help"' in html and 'id="role-help"' in html
    student = Membership.objects.get(user=classroom.student, course=classroom.course)
    select = re.search(rf'<select name="role" id="role-{student.pk}".*?</select>', html, re.S)[0]
    assert '<option value="ta-graded">Teaching assistant, still graded</option>' in select
    assert '<option value="ta">Teaching assistant, not graded</option>' in select
    assert '<option value="student" selected>Student (graded)</option>' in select


def test_an_unknown_role_changes_nothing(classroom, client_for):
    response = set_role(client_for(classroom.instructor), classroom, classroom.student, "captain")
    assert response.status_code == 302
    membership = Membership.objects.get(user=classroom.student, course=classroom.course)
    assert membership.role == Role.STUDENT


# --- the default rubric rewards substance, not volume ---


def test_ten_one_line_posts_score_clearly_below_two_thoughtful_ones(classroom):
    assignment = AssignmentFactory(course=classroom.course)  # no rubric saved: the default
    filler = MembershipFactory(course=classroom.course, user=UserFactory(username="filler")).user
    thinker = MembershipFactory(course=classroom.course, user=UserFactory(username="thinker")).user
    paragraphs = list(assignment.reading.current_paragraphs())
    for index in range(10):
        make_comment(
            author=filler,
            assignment=assignment,
            paragraph=paragraphs[index % len(paragraphs)],
            body="I agree.",
        )
    opening = make_comment(author=classroom.classmate, assignment=assignment, body=THOUGHTFUL)
    make_comment(author=thinker, assignment=assignment, paragraph=paragraphs[1], body=THOUGHTFUL)
    make_comment(author=thinker, assignment=assignment, parent=opening, body=ANSWER)

    people = {person.student.username: person for person in participation_for(assignment)}
    assert len(THOUGHTFUL.split()) >= 75 and len(ANSWER.split()) >= 60
    assert people["filler"].posts == 10 and people["thinker"].posts == 2
    assert len(people["filler"].too_short) == 10
    assert people["filler"].score == 0
    assert people["thinker"].score >= Decimal(4)
    # Replying to yourself is not a reply to a classmate.
    own = make_comment(author=thinker, assignment=assignment, parent=opening, body=ANSWER)
    make_comment(author=thinker, assignment=assignment, parent=own, body=ANSWER)
    thinker_now = participation_for(assignment, student=thinker)[0]
    assert thinker_now.criterion(Criterion.REPLIES).count == 2


def test_criteria_worth_nothing_are_left_out_of_every_explanation(classroom, client_for):
    make_comment(author=classroom.student, assignment=classroom.assignment, body=THOUGHTFUL)
    default = ParticipationRubric()
    hidden = {criterion.value for criterion in Criterion if not default.weight(criterion)}
    assert hidden == {"words", "on_time"}
    for viewer in (classroom.student, classroom.instructor):
        shown = explanation(client_for(viewer), classroom.assignment, classroom.student)
        assert set(shown["criteria"]) == set(Criterion.values) - hidden
        assert set(shown["amounts"]) - {"late"} == set(Criterion.values) - hidden
    staff_table = table(client_for(classroom.instructor), classroom.assignment)
    assert set(staff_table[classroom.student.pk]["counts"]) == (set(Criterion.values) - hidden) | {
        "late",
        "too_short",
    }


# --- scores set by hand ---


def test_staff_set_a_score_by_hand_with_a_reason_everyone_concerned_sees(leader, client_for):
    client = client_for(leader.ta)
    rubric_score = table(client, leader.assignment)[leader.student.pk]["score"]
    response = client.post(
        override_url(leader, leader.student),
        {"score": "9.5", "reason": "Led Tuesday's discussion of the ending in class."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#score")

    assert table(client, leader.assignment)[leader.student.pk]["score"] == Decimal("9.5")
    page = client.get(
        reverse("discussions:participation", args=[leader.course.slug, leader.assignment.pk])
    )
    assert f"set by hand; rubric: {rubric_score}" in page.text
    row = {r["Username"]: r for r in export(client, leader.assignment)}[leader.student.username]
    assert (row["Score"], row["Rubric's score"]) == ("9.5", str(rubric_score))
    assert (
        row["Why the score was set by hand"] == "Led Tuesday's discussion of the ending in class."
    )
    assert gradebook_scores(client, leader.course)[leader.student.pk]["total"] == Decimal("9.5")
    _, exported, _ = course_export(client, leader.course)
    assert "set by hand to 9.5" in exported[leader.student.username]["Notes"]

    own = client_for(leader.student).get(record_url(leader, leader.student)).text
    assert "<strong data-score>9.5</strong>" in own
    assert f"<strong data-rubric-score>{rubric_score}</strong>" in own
    assert "Led Tuesday&#x27;s discussion of the ending in class." in own
    assert "Set this score by hand" not in own  # no form for the student

    action = ModerationAction.objects.get(kind=ModerationAction.Kind.SCORE_OVERRIDE)
    assert (action.actor, action.subject) == (leader.ta, leader.student)
    assert action.reason == "Led Tuesday's discussion of the ending in class."
    assert action.details_after.endswith(": 9.5")


def test_clearing_a_score_set_by_hand_brings_back_the_rubrics(leader, client_for):
    client = client_for(leader.instructor)
    rubric_score = table(client, leader.assignment)[leader.student.pk]["score"]
    client.post(override_url(leader, leader.student), {"score": "2", "reason": "Late work."})
    response = client.post(override_url(leader, leader.student, clear=True))
    assert response.status_code == 302
    assert not ScoreOverride.objects.exists()
    assert table(client, leader.assignment)[leader.student.pk]["score"] == rubric_score
    cleared = ModerationAction.objects.get(kind=ModerationAction.Kind.SCORE_OVERRIDE_CLEAR)
    assert cleared.details_before.endswith(": 2")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"score": "7", "reason": "  "},
            "Say why: the student sees the reason beside their score.",
        ),
        ({"score": "11", "reason": "Extra credit."}, "less than or equal to 10"),
        ({"score": "-1", "reason": "Penalty."}, "greater than or equal to 0"),
        ({"score": "seven", "reason": "Typed in words."}, "Enter a number."),
    ],
)
def test_a_bad_score_by_hand_is_refused_and_what_was_typed_stays(data, message, leader, client_for):
    client = client_for(leader.instructor)
    response = client.post(override_url(leader, leader.student), data)
    assert response.status_code == 422
    assert message in response.text
    assert '<details class="panel override-panel" open>' in response.text
    if data["reason"].strip():
        assert data["reason"] in response.text
    assert not ScoreOverride.objects.exists()
    assert not ModerationAction.objects.filter(kind=ModerationAction.Kind.SCORE_OVERRIDE).exists()


def test_a_graded_teaching_assistant_cannot_set_their_own_score(leader, client_for):
    client = client_for(leader.instructor)
    set_role(client, leader, leader.student, "ta-graded")
    own = client_for(leader.student)
    assert "Set this score by hand" not in own.get(record_url(leader, leader.student)).text
    response = own.post(override_url(leader, leader.student), {"score": "10", "reason": "Mine."})
    assert response.status_code == 403
    assert "You can&#x27;t set your own score." in response.text
    assert not ScoreOverride.objects.exists()
    # A classmate's score they may set, as any staff member may.
    response = own.post(override_url(leader, leader.classmate), {"score": "6", "reason": "Ok."})
    assert response.status_code == 302


# --- the gradebook and its export ---


def test_gradebook_shows_every_student_in_every_assignment_with_totals(leader, client_for):
    second = AssignmentFactory(course=leader.course)
    make_comment(author=leader.classmate, assignment=second, body=THOUGHTFUL)
    client = client_for(leader.instructor)
    course_page = client.get(leader.course.get_absolute_url()).text
    gradebook_url = reverse("discussions:gradebook", args=[leader.course.slug])
    assert f'href="{gradebook_url}"' in course_page

    shown = gradebook_scores(client, leader.course)
    assert set(shown) == {leader.student.pk, leader.classmate.pk}
    for person in (leader.student, leader.classmate):
        first = table(client, leader.assignment)[person.pk]["score"]
        other = table(client, second)[person.pk]["score"]
        assert shown[person.pk]["scores"] == {leader.assignment.pk: first, second.pk: other}
        assert shown[person.pk]["total"] == first + other
    page = client.get(gradebook_url).text
    assert record_url(leader, leader.student) in page  # each score explains itself
    assert "Gradebook — " + leader.course.title + " — Colloquy" in page


def test_export_for_a_school_gradebook(leader, client_for):
    client = client_for(leader.instructor)
    Membership.objects.filter(user=leader.student).update(student_number="=cmd|' /C calc'!A0")
    Membership.objects.filter(user=leader.classmate).update(student_number="S-0042")
    leader.assignment.reading.title = "+Week 1 reading"
    leader.assignment.reading.save(update_fields=["title"])
    leader.classmate.email = "ben@school.test"
    leader.classmate.save(update_fields=["email"])

    header, rows, disposition = course_export(client, leader.course)
    today = timezone.localdate().isoformat()
    assert f'filename="grades-{leader.course.slug}-{today}.csv"' in disposition
    assert header[:4] == ["Name", "E-mail", "Student ID", "Username"]
    assert header[4] == "'+Week 1 reading (10)"
    assert header[-2:] == ["Total (10)", "Notes"]
    assert set(rows) == {leader.student.username, leader.classmate.username}
    classmate = rows[leader.classmate.username]
    assert classmate["E-mail"] == "ben@school.test"
    assert classmate["Student ID"] == "S-0042"
    score = table(client, leader.assignment)[leader.classmate.pk]["score"]
    assert Decimal(classmate["'+Week 1 reading (10)"]) == score == Decimal(classmate["Total (10)"])
    assert rows[leader.student.username]["Student ID"] == "'=cmd|' /C calc'!A0"


def test_a_reading_assigned_twice_gets_two_column_names(leader, client_for):
    """A school gradebook matches columns by name: the same reading twice is numbered."""
    AssignmentFactory(course=leader.course, reading=leader.assignment.reading)
    client = client_for(leader.instructor)
    header, _rows, _disposition = course_export(client, leader.course)
    title = leader.assignment.reading.title
    assert sorted(header[4:6]) == [f"{title} #1 (10)", f"{title} #2 (10)"]
    page = client.get(reverse("discussions:gradebook", args=[leader.course.slug])).text
    assert f"{title} #1" in page and f"{title} #2" in page


def test_staff_give_a_student_id_on_the_roster(classroom, client_for):
    client = client_for(classroom.instructor)
    membership = Membership.objects.get(user=classroom.student, course=classroom.course)
    url = reverse(
        "classroom:membership_student_number", args=[classroom.course.slug, membership.pk]
    )
    assert client.post(url, {"student_number": "  S-1001 "}).status_code == 302
    membership.refresh_from_db()
    assert membership.student_number == "S-1001"
    roster = client.get(reverse("classroom:roster", args=[classroom.course.slug])).text
    assert 'value="S-1001"' in roster

    too_long = "9" * 65
    response = client.post(url, {"student_number": too_long}, follow=True)
    assert response.status_code == 200
    assert "not saved" in response.text and too_long in response.text
    membership.refresh_from_db()
    assert membership.student_number == "S-1001"
    assert client_for(classroom.ta).post(url, {"student_number": "X"}).status_code == 403

    # The audit log keeps each change with what it was before; saving it unchanged adds none.
    client = client_for(classroom.instructor)
    client.post(url, {"student_number": "S-2002"})
    client.post(url, {"student_number": "S-2002"})
    changes = ModerationAction.objects.filter(kind=ModerationAction.Kind.STUDENT_ID_CHANGE)
    rows = changes.order_by("pk")
    assert [(a.subject, a.actor, a.details_before, a.details_after) for a in rows] == [
        (classroom.student, classroom.instructor, "", "S-1001"),
        (classroom.student, classroom.instructor, "S-1001", "S-2002"),
    ]


def test_a_student_made_a_teaching_assistant_elsewhere_stays_graded_by_default(classroom):
    """Any way in to the role change keeps a student's grade unless told otherwise."""
    membership = Membership.objects.get(user=classroom.student, course=classroom.course)
    membership_set_role(membership=membership, role=Role.TA, actor=classroom.instructor)
    assert membership.graded_as_student
    never_a_student = Membership.objects.get(user=classroom.ta, course=classroom.course)
    membership_set_role(membership=never_a_student, role=Role.TA, actor=classroom.instructor)
    assert not never_a_student.graded_as_student
