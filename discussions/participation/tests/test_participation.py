"""Participation: scores explained to the point, staff-only pages, the CSV and its safety."""

import csv
import io
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from classroom.models import Membership
from classroom.spreadsheets import spreadsheet_safe
from discussions.models import Comment, Criterion, ParticipationRubric, Reaction, Status
from discussions.moderation.decisions import comment_hide
from discussions.participation.scores import participation_for
from discussions.reading.services import (
    comment_create,
    comment_endorse_toggle,
    comment_withdraw,
    prompt_create,
    reaction_toggle,
)
from tests.factories import MembershipFactory, UserFactory, make_comment
from tests.test_query_counts import add_comments, add_students

pytestmark = pytest.mark.django_db

# The class table, the rubric, scores and overrides, pseudonyms, and whether the assignment
# has an LMS gradebook column: a fixed number, however large the class.
BUDGET = 13


# --- reading the pages the way a person reads them ---

ROW = re.compile(r'<tr data-criterion="(?P<key>\w+)">(?P<body>.*?)</tr>', re.S)
CELL = re.compile(r'<td class="number" data-(?P<name>\w+)>(?P<text>[^<]*)')
AMOUNT = re.compile(r'data-amount="(\d+)"')
SECTION = re.compile(r'<section class="criterion-detail" id="criterion-(\w+)"(.*?)</section>', re.S)


def explanation(client, assignment, student) -> dict:
    """The numbers an explanation page shows: per criterion, its sum and the score."""
    url = reverse(
        "discussions:participation_student",
        args=[assignment.course.slug, assignment.pk, student.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    criteria = {}
    for row in ROW.finditer(html):
        cells = {cell["name"]: cell["text"].strip() for cell in CELL.finditer(row["body"])}
        criteria[row["key"]] = {name: Decimal(value) for name, value in cells.items()}
    amounts = {key: [int(a) for a in AMOUNT.findall(body)] for key, body in SECTION.findall(html)}
    return {
        "criteria": criteria,
        "amounts": amounts,
        "subtotal": Decimal(re.search(r"data-subtotal>([^<]+)<", html)[1]),
        "score": Decimal(re.search(r"<strong data-score>([^<]+)</strong>", html)[1]),
        "possible": Decimal(re.search(r"<span data-points-possible>([^<]+)</span>", html)[1]),
    }


def table(client, assignment) -> dict:
    """Per student id: the counts and the score the participation page shows."""
    response = client.get(
        reverse("discussions:participation", args=[assignment.course.slug, assignment.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    rows = {}
    for match in re.finditer(r'<tr id="student-(\d+)"[^>]*>(.*?)</tr>', html, re.S):
        body = match[2]
        counts = dict(re.findall(r'data-criterion="(\w+)">(\d+)</td>', body))
        score = re.search(r'<span class="score-value">([^<]+)</span> / ([^<]+)</a>', body)
        rows[int(match[1])] = {
            "counts": {key: int(value) for key, value in counts.items()},
            "score": Decimal(score[1]),
            "possible": Decimal(score[2].strip()),
        }
    return rows


def export(client, assignment) -> list[dict]:
    response = client.get(
        reverse("discussions:participation_csv", args=[assignment.course.slug, assignment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- a class with a bit of everything ---


@pytest.fixture
def seminar(classroom):
    """Three students who did different things, one who did nothing, one who left."""
    assignment = classroom.assignment
    p = classroom.paragraphs
    ada = classroom.student
    ben = classroom.classmate
    cleo = MembershipFactory(course=classroom.course, user=UserFactory(display_name="Cleo")).user
    silent = MembershipFactory(course=classroom.course, user=UserFactory(display_name="Dev")).user
    gone = MembershipFactory(course=classroom.course, user=UserFactory(display_name="Ezra")).user

    prompt = prompt_create(
        assignment=assignment, author=classroom.instructor, body="Why?", paragraph=p[2]
    )
    first = make_comment(author=ada, assignment=assignment, paragraph=p[0], body="one two three")
    make_comment(author=ada, assignment=assignment, paragraph=p[1], body="four five")
    make_comment(author=ada, assignment=assignment, paragraph=p[1], body="six")
    make_comment(author=ada, assignment=assignment, parent=classroom.comment, body="a reply here")
    comment_create(author=ada, assignment=assignment, prompt=prompt, body="Because it is.")
    taken_back = make_comment(author=ada, assignment=assignment, body="I take this back now")
    comment_withdraw(comment=taken_back, author=ada)
    hidden = make_comment(author=ada, assignment=assignment, paragraph=p[4], body="Rude words")
    comment_hide(comment=hidden, moderator=classroom.instructor, reason="Unkind to a classmate.")
    held = make_comment(author=ada, assignment=assignment, paragraph=p[4], body="Under review")
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    reaction_toggle(comment=first, user=ben)
    reaction_toggle(comment=first, user=cleo)
    comment_endorse_toggle(comment=first, moderator=classroom.instructor)

    # Everything so far was written two hours ago; the due date passed an hour ago.
    assignment.comments.update(created_at=F("created_at") - timedelta(hours=2))
    assignment.due_at = timezone.now() - timedelta(hours=1)
    assignment.save(update_fields=["due_at"])
    make_comment(author=cleo, assignment=assignment, paragraph=p[3], body="Late but thoughtful.")
    make_comment(author=ben, assignment=assignment, parent=first, body="Late reply.")
    make_comment(author=gone, assignment=assignment, body="I left the course.")
    Membership.objects.filter(user=gone).update(removed_at=timezone.now())

    ParticipationRubric.objects.create(
        assignment=assignment,
        points_possible=Decimal("8"),
        min_words=0,  # this class's posts are short on purpose: every one counts
        comments_weight=Decimal("1.5"),
        comments_cap=Decimal("4"),
        replies_weight=Decimal("1"),
        replies_cap=Decimal("2"),
        words_weight=Decimal("0.125"),
        words_cap=Decimal("1"),
        paragraphs_weight=Decimal("0.5"),
        paragraphs_cap=Decimal("2"),
        prompts_weight=Decimal("1"),
        prompts_cap=Decimal("1"),
        on_time_weight=Decimal("0.25"),
        on_time_cap=Decimal("1"),
        helpful_weight=Decimal("0.5"),
        helpful_cap=Decimal("1"),
        endorsed_weight=Decimal("1"),
        endorsed_cap=Decimal("1"),
    )
    classroom.cleo, classroom.silent, classroom.gone = cleo, silent, gone
    return classroom


def test_every_score_is_recomputed_from_its_explanation(seminar, client_for):
    client = client_for(seminar.instructor)
    assignment = seminar.assignment
    shown = table(client, assignment)
    exported = {row["Username"]: row for row in export(client, assignment)}
    students = [seminar.student, seminar.classmate, seminar.cleo, seminar.silent]
    assert set(shown) == {student.pk for student in students}

    for student in students:
        explained = explanation(client, assignment, student)
        assert set(explained["criteria"]) == set(Criterion.values)
        total = Decimal(0)
        for key, numbers in explained["criteria"].items():
            points = min(numbers["count"] * numbers["weight"], numbers["cap"])
            assert numbers["earned"] == numbers["count"] * numbers["weight"]
            assert numbers["points"] == points, key
            # The comments listed under a criterion add up to its count.
            assert sum(explained["amounts"][key]) == numbers["count"], key
            assert shown[student.pk]["counts"][key] == numbers["count"], key
            total += points
        score = min(total, explained["possible"])
        assert explained["subtotal"] == total
        assert explained["score"] == score
        assert shown[student.pk]["score"] == score
        assert shown[student.pk]["possible"] == explained["possible"] == Decimal(8)
        assert Decimal(exported[student.username]["Score"]) == score
        assert Decimal(exported[student.username]["Points possible"]) == Decimal(8)


def test_what_each_criterion_counts(seminar, client_for):
    """Ada's record worked out by hand: her withdrawn, hidden and pending comments count for
    nothing (¶5 is not covered), and the student who left the course is not listed."""
    people = {person.student.pk: person for person in participation_for(seminar.assignment)}
    ada = people[seminar.student.pk]
    counts = {score.key: score.count for score in ada.criteria}
    assert counts == {
        "comments": 4,  # three on paragraphs and the answer to the prompt
        "replies": 1,
        "words": 3 + 2 + 1 + 3 + 3,
        "paragraphs": 3,  # ¶1, ¶2 twice, ¶3 through the prompt
        "prompts": 1,
        "on_time": 5,
        "helpful": 2,
        "endorsed": 1,
    }
    assert ada.late_posts == 0
    # 4 x 1.5 = 6 capped at 4; 1; 12 x 0.125 = 1.5 capped at 1; 1.5; 1; 1.25 capped at 1; 1; 1
    assert ada.subtotal == Decimal("11.5")
    assert ada.score == Decimal(8)
    assert ada.is_capped

    cleo = people[seminar.cleo.pk]
    assert cleo.late_posts == 1
    assert cleo.criterion(Criterion.ON_TIME).count == 0
    assert cleo.score == Decimal("1.5") + Decimal("0.375") + Decimal("0.5")

    silent = people[seminar.silent.pk]
    assert silent.posts == 0
    assert silent.score == 0
    assert seminar.gone.pk not in people
    assert seminar.ta.pk not in people and seminar.instructor.pk not in people


def test_page_lists_students_without_posts_and_links_each_explanation(seminar, client_for):
    response = client_for(seminar.ta).get(
        reverse("discussions:participation", args=[seminar.course.slug, seminar.assignment.pk])
    )
    html = response.content.decode()
    assert seminar.silent.public_name in html
    assert "1</strong> of 4 students has not posted yet" in html
    assert seminar.gone.public_name not in html
    for student in (seminar.student, seminar.silent):
        url = reverse(
            "discussions:participation_student",
            args=[seminar.course.slug, seminar.assignment.pk, student.pk],
        )
        assert f'href="{url}"' in html


def test_explanation_links_the_comments_that_earned_each_point(seminar, client_for):
    response = client_for(seminar.student).get(
        reverse(
            "discussions:participation_student",
            args=[seminar.course.slug, seminar.assignment.pk, seminar.student.pk],
        )
    )
    html = response.content.decode()
    assert "Your participation" in html
    endorsed = Comment.objects.get(author=seminar.student, body="one two three")
    section = dict(SECTION.findall(html))["endorsed"]
    assert f'href="/comments/{endorsed.pk}/"' in section
    for uncounted in ("I take this back", "Rude words", "Under review"):
        assert uncounted not in html  # withdrawn, hidden, pending: not listed, not counted
    assert "2 helpful marks" in dict(SECTION.findall(html))["helpful"]
    assert "4 threads × 1.5 = 6, capped at 4 → 4 points" in html


THOUGHTFUL = (
    "The narrator never says why the harbour was closed, but the second paragraph hints at "
    "the storm, and I think the author wants us to notice how quiet the town becomes."
)


def test_no_rubric_uses_the_default(classroom, client_for):
    make_comment(author=classroom.student, assignment=classroom.assignment, body="Hello there")
    make_comment(author=classroom.classmate, assignment=classroom.assignment, body=THOUGHTFUL)
    client = client_for(classroom.instructor)
    shown = table(client, classroom.assignment)
    default = ParticipationRubric()
    assert len(THOUGHTFUL.split()) >= default.min_words > 2  # "Hello there"
    # Too short to count: nothing; a real thread: its points and the paragraph it covers.
    assert shown[classroom.student.pk]["score"] == 0
    assert shown[classroom.classmate.pk]["score"] == (
        default.comments_weight + default.paragraphs_weight
    )
    assert shown[classroom.student.pk]["possible"] == default.points_possible == Decimal(10)
    # More than one way to full marks.
    assert default.caps_total > default.points_possible
    html = client.get(
        reverse("discussions:participation", args=[classroom.course.slug, classroom.assignment.pk])
    ).content.decode()
    assert "under the default rubric" in html
    assert not ParticipationRubric.objects.exists()


# --- anonymity ---


def test_staff_see_real_names_with_pseudonyms_labelled(classroom, client_for):
    assignment = classroom.assignment
    assignment.anonymous = True
    assignment.save(update_fields=["anonymous"])
    make_comment(author=classroom.student, assignment=assignment, body="Under a pseudonym.")
    pseudonym = assignment.pseudonyms.get(user=classroom.student).name
    client = client_for(classroom.instructor)
    html = client.get(
        reverse("discussions:participation", args=[classroom.course.slug, assignment.pk])
    ).content.decode()
    assert classroom.student.public_name in html
    assert f"Pseudonym: {pseudonym}" in html
    assert "shows real names" in html
    rows = {row["Username"]: row for row in export(client, assignment)}
    assert rows[classroom.student.username]["Pseudonym (seen by classmates)"] == pseudonym

    own = client_for(classroom.student).get(
        reverse(
            "discussions:participation_student",
            args=[classroom.course.slug, assignment.pk, classroom.student.pk],
        )
    )
    assert f"Classmates see you as <strong>{pseudonym}</strong>" in own.content.decode()
    assert classroom.classmate.public_name not in own.content.decode()


# --- the CSV ---


def test_csv_has_one_row_per_student_and_neutralises_formulas(classroom, client_for):
    sneaky = MembershipFactory(
        course=classroom.course,
        user=UserFactory(username="+sneaky", display_name='=HYPERLINK("http://x.test","Hi")'),
    ).user
    make_comment(author=sneaky, assignment=classroom.assignment, body=THOUGHTFUL)
    MembershipFactory(course=classroom.course, user=UserFactory(display_name="@at the start"))
    MembershipFactory(course=classroom.course, user=UserFactory(display_name="-minus"))
    MembershipFactory(course=classroom.course, user=UserFactory(display_name="\tTabbed"))
    client = client_for(classroom.instructor)

    rows = export(client, classroom.assignment)

    assert len(rows) == 6  # student, classmate and the four above
    assert set(rows[0]) >= {"Name", "Username", "Score", "Points possible", "Late posts"}
    scored = ParticipationRubric().scored_criteria
    assert set(rows[0]) >= {criterion.label for criterion in scored}
    # Criteria the rubric gives no points are left out.
    assert Criterion.WORDS not in scored and Criterion.WORDS.label not in rows[0]
    by_username = {row["Username"]: row for row in rows}
    assert "+sneaky" not in by_username
    row = by_username["'+sneaky"]
    assert row["Name"] == """'=HYPERLINK("http://x.test","Hi")"""
    assert row["Threads started"] == "1"
    names = {row["Name"] for row in rows}
    assert {"'@at the start", "'-minus", "'\tTabbed"} <= names
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_safe_prefixes_formula_starts(start):
    assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Ada", "1.5", "", " =not first", "a=b"])
def test_spreadsheet_safe_leaves_ordinary_cells(value):
    assert spreadsheet_safe(value) == value


# --- the rubric form ---


def rubric_url(classroom):
    return reverse(
        "discussions:participation_rubric", args=[classroom.course.slug, classroom.assignment.pk]
    )


def rubric_data(**changes) -> dict:
    data = {"points_possible": "20", "min_words": "0"}
    for criterion in Criterion.values:
        data[f"{criterion}_weight"] = "1"
        data[f"{criterion}_cap"] = "2.5"
    return data | changes


def test_staff_save_a_rubric(classroom, client_for):
    client = client_for(classroom.ta)
    assert client.get(rubric_url(classroom)).status_code == 200

    response = client.post(rubric_url(classroom), rubric_data(words_weight="0.015"))

    assert response.status_code == 302
    rubric = ParticipationRubric.objects.get(assignment=classroom.assignment)
    assert rubric.points_possible == 20
    assert rubric.words_weight == Decimal("0.015")
    assert rubric.updated_by == classroom.ta
    page = client.get(response["Location"]).content.decode()
    assert "Rubric saved" in page
    assert "nobody can reach full marks" not in page  # the caps add up to exactly 20


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("comments_weight", "-1", "Can&#x27;t be negative"),
        ("helpful_cap", "-0.5", "Can&#x27;t be negative"),
        ("points_possible", "0", "Points possible must be more than 0"),
        ("points_possible", "-3", "Points possible must be more than 0"),
        ("words_weight", "lots", "Enter a number"),
        ("replies_cap", "", "Enter a number"),
        ("words_weight", "0.0001", "decimal places"),
    ],
)
def test_bad_rubric_is_refused_and_nothing_saved(field, value, message, classroom, client_for):
    ParticipationRubric.objects.create(assignment=classroom.assignment, comments_weight=2)
    client = client_for(classroom.instructor)

    response = client.post(rubric_url(classroom), rubric_data(**{field: value}))

    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert message in html
    assert 'aria-invalid="true"' in html or "field-error" in html
    rubric = ParticipationRubric.objects.get(assignment=classroom.assignment)
    assert rubric.comments_weight == 2 and rubric.points_possible == 10


def test_rubric_caps_below_points_possible_are_pointed_out(classroom, client_for):
    client = client_for(classroom.instructor)
    client.post(rubric_url(classroom), rubric_data(points_possible="100"))
    html = client.get(
        reverse("discussions:participation", args=[classroom.course.slug, classroom.assignment.pk])
    ).content.decode()
    assert "caps add up to 20 of 100 points, so nobody can reach full marks" in html


def test_students_cannot_change_the_rubric(classroom, client_for):
    response = client_for(classroom.student).post(rubric_url(classroom), rubric_data())
    assert response.status_code == 403
    assert not ParticipationRubric.objects.exists()


# --- who sees what ---


def student_url(classroom, student, assignment=None):
    assignment = assignment or classroom.assignment
    return reverse(
        "discussions:participation_student",
        args=[assignment.course.slug, assignment.pk, student.pk],
    )


def test_students_see_only_their_own_explanation(classroom, client_for):
    make_comment(author=classroom.classmate, assignment=classroom.assignment, body="Secret.")
    client = client_for(classroom.student)
    assert client.get(student_url(classroom, classroom.student)).status_code == 200
    response = client.get(student_url(classroom, classroom.classmate))
    assert response.status_code == 404
    assert b"Secret" not in response.content
    # Staff are not students: there is nothing to explain for them.
    assert client.get(student_url(classroom, classroom.instructor)).status_code == 404


def test_staff_see_any_students_explanation_but_not_outsiders(classroom, client_for):
    client = client_for(classroom.ta)
    assert client.get(student_url(classroom, classroom.classmate)).status_code == 200
    assert client.get(student_url(classroom, classroom.other_student)).status_code == 404
    assert client.get(student_url(classroom, classroom.outsider)).status_code == 404


@pytest.mark.parametrize(
    "name", ["participation", "participation_csv", "participation_rubric", "activity"]
)
def test_staff_pages_refuse_students_and_hide_from_outsiders(name, classroom, client_for):
    url = reverse(f"discussions:{name}", args=[classroom.course.slug, classroom.assignment.pk])
    assert client_for(classroom.student).get(url).status_code == 403
    assert client_for(classroom.outsider).get(url).status_code == 404
    assert client_for(classroom.other_student).get(url).status_code == 404
    assert client_for(classroom.instructor).get(url).status_code == 200


def test_removed_student_loses_their_explanation(classroom, client_for):
    Membership.objects.filter(user=classroom.student).update(removed_at=timezone.now())
    assert (
        client_for(classroom.student).get(student_url(classroom, classroom.student)).status_code
        == 404
    )
    assert (
        client_for(classroom.instructor).get(student_url(classroom, classroom.student)).status_code
        == 404
    )


def test_reading_page_links_to_participation(classroom, client_for):
    url = classroom.assignment.get_absolute_url()
    student_page = client_for(classroom.student).get(url).content.decode()
    assert (
        f'href="{student_url(classroom, classroom.student)}">Your participation</a>' in student_page
    )
    assert ">Participation</a>" not in student_page
    staff_page = client_for(classroom.ta).get(url).content.decode()
    participation_url = reverse(
        "discussions:participation", args=[classroom.course.slug, classroom.assignment.pk]
    )
    assert f'href="{participation_url}">Participation</a>' in staff_page
    assert "Your participation" not in staff_page


# --- where the talk is ---


def test_activity_ranks_paragraphs_by_posts(classroom, client_for):
    p = classroom.paragraphs
    assignment = classroom.assignment  # the fixture's comment sits on paragraph 1
    for body in ("a", "b", "c"):
        make_comment(author=classroom.student, assignment=assignment, paragraph=p[3], body=body)
    reply = make_comment(author=classroom.classmate, assignment=assignment, paragraph=p[2])
    make_comment(author=classroom.student, assignment=assignment, parent=reply, body="Yes.")
    withdrawn = make_comment(author=classroom.student, assignment=assignment, paragraph=p[4])
    comment_withdraw(comment=withdrawn, author=classroom.student)

    html = (
        client_for(classroom.instructor)
        .get(reverse("discussions:activity", args=[classroom.course.slug, assignment.pk]))
        .content.decode()
    )

    order = [int(pk) for pk in re.findall(r'class="activity-item" data-paragraph="(\d+)"', html)]
    assert order == [p[3].pk, p[2].pk, p[0].pk, p[1].pk, p[4].pk]
    posts = [int(n) for n in re.findall(r"<strong data-posts>(\d+)</strong>", html)]
    assert posts == [3, 2, 1, 0, 0]
    assert f"{assignment.get_absolute_url()}?open={p[3].pk}#p-{p[3].pk}" in html
    assert "1 thread, 1 reply, 2 people" in html


# --- a fixed number of queries ---


def grow(classroom, comments: int, students: int, *, seed: int) -> None:
    """More students, threaded comments by them, prompt answers, late posts, helpful marks,
    endorsements and withdrawals, so every branch of the tally runs."""
    rng = random.Random(seed)
    new = add_students(classroom.course, students)
    authors = [classroom.student, classroom.classmate, classroom.ta, *new]
    created = add_comments(classroom.assignment, authors, comments, seed=seed)
    prompt = classroom.assignment.prompts.first()
    for comment in rng.sample(created, len(created) // 5):
        comment.prompt = prompt
        comment.endorsed_by = classroom.instructor if rng.random() < 0.3 else None
    Comment.objects.bulk_update(created, ["prompt", "endorsed_by"])
    # Posted after the due date: about half the prompt answers.
    classroom.assignment.due_at = timezone.now() + timedelta(minutes=1)
    classroom.assignment.save(update_fields=["due_at"])
    late = [comment.pk for comment in created if comment.prompt_id and rng.random() < 0.5]
    Comment.objects.filter(pk__in=late).update(created_at=timezone.now() + timedelta(minutes=2))
    reactions = {
        (comment.pk, reader.pk)
        for comment in rng.sample(created, len(created) // 3)
        for reader in rng.sample(authors, 2)
        if reader.pk != comment.author_id
    }
    Reaction.objects.bulk_create(
        [Reaction(comment_id=comment_id, user_id=user_id) for comment_id, user_id in reactions]
    )


STAFF_PAGES = {
    "participation": lambda c: reverse(
        "discussions:participation", args=[c.course.slug, c.assignment.pk]
    ),
    "participation_csv": lambda c: reverse(
        "discussions:participation_csv", args=[c.course.slug, c.assignment.pk]
    ),
    "participation_student": lambda c: student_url(c, c.student),
    "activity": lambda c: reverse("discussions:activity", args=[c.course.slug, c.assignment.pk]),
}


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
@pytest.mark.parametrize("page", list(STAFF_PAGES))
def test_query_count_does_not_grow_with_the_class(
    page, anonymous, classroom, client_for, django_assert_max_num_queries, record_property
):
    classroom.assignment.anonymous = anonymous
    classroom.assignment.save(update_fields=["anonymous"])
    prompt_create(
        assignment=classroom.assignment,
        author=classroom.instructor,
        body="Where does the argument turn?",
    )
    ParticipationRubric.objects.create(assignment=classroom.assignment)
    client = client_for(classroom.instructor)
    url = STAFF_PAGES[page](classroom)

    grow(classroom, 9, 2, seed=1)
    with django_assert_max_num_queries(BUDGET) as few_queries:
        assert client.get(url).status_code == 200
    grow(classroom, 490, 60, seed=2)
    assert classroom.assignment.comments.count() == 500
    with django_assert_max_num_queries(BUDGET) as many_queries:
        response = client.get(url)
    assert response.status_code == 200

    few, many = len(few_queries.captured_queries), len(many_queries.captured_queries)
    record_property("queries", f"{few} with 10 comments, {many} with 500")
    print(f"\n{page} ({'anonymous' if anonymous else 'named'}): {few} queries, then {many}")
    assert few == many
    if page == "participation":
        assert len(table(client, classroom.assignment)) == 2 + 2 + 60
