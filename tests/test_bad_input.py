"""Bad, odd and hostile input gets a clear 4xx answer, never a 500, and changes nothing."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from classroom.models import Course, Group, Membership, Role
from discussions.models import (
    Comment,
    CommentRevision,
    ModerationAction,
    Note,
    Notice,
    Prompt,
    Suspension,
    WatchedWord,
)
from tests.factories import AssignmentFactory, MembershipFactory, make_comment
from tests.routes import every_route

pytestmark = pytest.mark.django_db

HUGE_ID = "99999999999999999999999"  # bigger than any database integer
LARGEST_ID = "999999999999999999"  # fits a 64-bit key, matches no row


def data_state() -> dict:
    return {
        "comments": sorted(
            Comment.objects.values_list("pk", "status", "body", "body_html", "parent_id")
        ),
        "revisions": CommentRevision.objects.count(),
        "moderation": ModerationAction.objects.count(),
        "memberships": sorted(Membership.objects.values_list("pk", "role", "removed_at")),
        "courses": sorted(Course.objects.values_list("pk", "join_code")),
    }


class DataSnapshot:
    """Take a snapshot before a bad request; assert afterwards that nothing changed."""

    def __init__(self):
        self.before = None

    def take(self) -> None:
        self.before = data_state()

    def assert_unchanged(self) -> None:
        assert self.before is not None, "take() a snapshot first"
        assert data_state() == self.before


@pytest.fixture
def saved():
    return DataSnapshot()


def thread_url(classroom, paragraph=None):
    paragraph = paragraph or classroom.paragraphs[0]
    return reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )


def reply_url(comment):
    return reverse("discussions:comment_reply", args=[comment.pk])


def comment_posts(classroom):
    """Every way to send comment text: new thread, reply and edit, each with and without HTMX."""
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    for url in (
        thread_url(classroom),
        reply_url(classroom.comment),
        reverse("discussions:comment_edit", args=[own.pk]),
    ):
        for headers in ({}, {"HX-Request": "true"}):
            yield url, headers


@pytest.mark.parametrize(
    "body",
    ["", " ", "   \n\t  \r\n ", "\u00a0\u2003\u3000", "\x00\x01\x02"],
    ids=["empty", "space", "whitespace", "unicode-spaces", "control-characters"],
)
def test_empty_comments_are_refused_with_a_message(body, classroom, client_for, saved):
    client = client_for(classroom.student)
    for url, headers in comment_posts(classroom):
        saved.take()
        response = client.post(url, {"body": body}, headers=headers)
        assert response.status_code == 422, url
        assert "errorlist" in response.text
        saved.assert_unchanged()


def test_empty_comment_message_says_what_to_do(classroom, client_for):
    response = client_for(classroom.student).post(thread_url(classroom), {"body": "  "})
    assert "Write something before posting." in response.text


def test_an_overlong_comment_is_refused_naming_the_limit(classroom, client_for, saved):
    client = client_for(classroom.student)
    body = "word " * 20_480  # 100 KB
    limit = f"{settings.COMMENT_MAX_LENGTH:,}"
    for url, headers in comment_posts(classroom):
        saved.take()
        response = client.post(url, {"body": body}, headers=headers)
        assert response.status_code == 422, url
        assert f"at most {limit} characters" in response.text
        saved.assert_unchanged()


def test_a_comment_exactly_at_the_limit_is_accepted(classroom, client_for):
    body = "x" * settings.COMMENT_MAX_LENGTH
    response = client_for(classroom.student).post(thread_url(classroom), {"body": body})
    assert response.status_code == 302
    assert Comment.objects.filter(body=body).exists()


BROKEN_TEX = [
    r"Is it $\frac{a$ or not?",
    r"$$\left( x$$ and $x^1^2$",
    r"$\begin{matrix} a$",
    "$" + "{" * 100 + "$",
    r"$\def\a{\a\a}\a$",
    "$" + "x+" * 2000 + "$",
]


@pytest.mark.parametrize("body", BROKEN_TEX)
def test_broken_tex_in_a_comment_is_kept_and_shown_as_written(body, classroom, client_for):
    client = client_for(classroom.student)
    statuses = {
        client.post(url, {"body": body}, headers=headers).status_code
        for url, headers in comment_posts(classroom)
    }
    assert statuses <= {200, 201, 302}
    comments = Comment.objects.filter(body=body)
    assert comments.count() == 5  # two threads, two replies and one comment edited twice
    assert all("<code>$" in comment.body_html for comment in comments)
    page = client.get(classroom.assignment.get_absolute_url(), {"all": "1"})
    assert page.status_code == 200
    assert page.text.count("<code>$") >= 3


@pytest.mark.parametrize("body", BROKEN_TEX)
def test_broken_tex_in_a_prompt_is_kept_and_shown_as_written(body, classroom, client_for):
    url = reverse("discussions:prompt_new", args=[classroom.course.slug, classroom.assignment.pk])
    response = client_for(classroom.instructor).post(url, {"body": body})
    assert response.status_code == 302
    prompt = Prompt.objects.get(body=body)
    assert "<code>$" in prompt.body_html


def test_replying_to_a_comment_in_another_course_is_a_404(classroom, client_for, saved):
    elsewhere = make_comment(
        author=classroom.other_student, assignment=classroom.other_assignment, body="Elsewhere."
    )
    saved.take()
    response = client_for(classroom.student).post(reply_url(elsewhere), {"body": "Sneaky."})
    assert response.status_code == 404
    saved.assert_unchanged()


def test_a_paragraph_from_another_reading_is_a_404(classroom, client_for, saved):
    foreign = classroom.other_assignment.reading.current_paragraphs().first()
    saved.take()
    response = client_for(classroom.student).post(
        thread_url(classroom, foreign), {"body": "Sneaky."}
    )
    assert response.status_code == 404
    saved.assert_unchanged()


def test_a_crafted_parent_field_cannot_graft_a_comment_elsewhere(classroom, client_for):
    """The URL decides where a comment goes; extra form fields are ignored."""
    second = AssignmentFactory(course=classroom.course, reading=classroom.assignment.reading)
    elsewhere = make_comment(author=classroom.classmate, assignment=second, body="Other one.")
    response = client_for(classroom.student).post(
        reply_url(classroom.comment),
        {
            "body": "Crafted.",
            "parent": elsewhere.pk,
            "assignment": second.pk,
            "thread_root": elsewhere.pk,
            "depth": 3,
        },
    )
    assert response.status_code == 302
    reply = Comment.objects.get(body="Crafted.")
    assert reply.parent == classroom.comment
    assert reply.assignment == classroom.assignment
    assert reply.thread_root == classroom.comment
    assert reply.depth == 1
    assert elsewhere.replies.count() == 0


def test_replying_to_a_withdrawn_comment_is_refused(classroom, client_for, saved):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    client = client_for(classroom.student)
    assert client.post(reverse("discussions:comment_withdraw", args=[own.pk])).status_code == 302
    for headers in ({}, {"HX-Request": "true"}):
        saved.take()
        response = client.post(reply_url(own), {"body": "Answer."}, headers=headers)
        assert 400 <= response.status_code < 500
        assert "withdrawn" in response.text
        saved.assert_unchanged()


def test_editing_a_withdrawn_comment_is_refused(classroom, client_for, saved):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    client = client_for(classroom.student)
    edit = reverse("discussions:comment_edit", args=[own.pk])
    assert client.post(reverse("discussions:comment_withdraw", args=[own.pk])).status_code == 302
    saved.take()
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(edit, headers=headers)
        assert 400 <= response.status_code < 500
        assert "withdrawn" in response.text
        response = client.post(edit, {"body": "Rewritten."}, headers=headers)
        assert 400 <= response.status_code < 500
        assert "withdrawn" in response.text
    saved.assert_unchanged()


def test_withdrawing_twice_leaves_one_record(classroom, client_for, saved):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    client = client_for(classroom.student)
    withdraw = reverse("discussions:comment_withdraw", args=[own.pk])
    assert client.post(withdraw).status_code == 302
    saved.take()
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(withdraw, headers=headers)
        assert 400 <= response.status_code < 500
        assert "withdrawn" in response.text
    saved.assert_unchanged()
    assert ModerationAction.objects.filter(comment=own).count() == 1


def test_editing_someone_elses_comment_is_forbidden_even_with_bad_input(
    classroom, client_for, saved
):
    edit = reverse("discussions:comment_edit", args=[classroom.comment.pk])
    saved.take()
    for body in ("", "x" * (settings.COMMENT_MAX_LENGTH + 1)):
        response = client_for(classroom.student).post(edit, {"body": body})
        assert response.status_code == 403
    saved.assert_unchanged()


# --- Ids: anything that is not a real id the user may see is a 404, never a 500 ---


def _id_urls():
    """Every URL pattern that takes an id, by name, with its full route."""
    return sorted(
        (name, route)
        for name, route, pattern in every_route()
        if pattern.name and any(key.endswith("_id") for key in pattern.pattern.converters)
    )


ID_URLS = _id_urls()
ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def test_the_id_urls_were_found():
    names = {name for name, _ in ID_URLS}
    assert {"discussions:comment", "discussions:reading", "classroom:membership_role"} <= names


def _real_arguments(classroom) -> dict:
    membership = Membership.objects.get(user=classroom.classmate, course=classroom.course)
    return {
        "slug": classroom.course.slug,
        "assignment_id": classroom.assignment.pk,
        "paragraph_id": classroom.paragraphs[0].pk,
        "comment_id": classroom.comment.pk,
        "membership_id": membership.pk,
        "reading_id": classroom.assignment.reading_id,
        "number": 1,  # the reading's first version
        "launch_id": "a-launch-this-browser-never-made",
        "file_format": "csv",
        "group_id": Group.objects.get_or_create(course=classroom.course, name="Harbour")[0].pk,
        "student_id": classroom.student.pk,
        "prompt_id": Prompt.objects.get_or_create(
            assignment=classroom.assignment,
            author=classroom.instructor,
            defaults={"body": "Why?", "body_html": "<p>Why?</p>"},
        )[0].pk,
        "entry_id": WatchedWord.objects.get_or_create(
            course=classroom.course, phrase="drivel", created_by=classroom.instructor
        )[0].pk,
        # The admin's own note and notice: the client below is the admin's.
        "note_id": Note.objects.create(
            assignment=classroom.assignment,
            paragraph=classroom.paragraphs[0],
            author=classroom.admin,
            body="Mine.",
        ).pk,
        "notice_id": Notice.objects.create(user=classroom.admin, text="Hello.").pk,
        "suspension_id": Suspension.objects.get_or_create(
            course=classroom.course,
            user=classroom.classmate,
            defaults={
                "reason": "Cooling off.",
                "ends_at": timezone.now() + timedelta(days=1),
                "created_by": classroom.instructor,
            },
        )[0].pk,
    }


def _path(route: str, values: dict) -> str:
    """Fill the route by hand: reverse() would refuse the very values under test."""
    return "/" + ROUTE_ARGUMENT.sub(lambda match: str(values[match[1]]), route)


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "0x1", HUGE_ID, LARGEST_ID, "0"])
@pytest.mark.parametrize(("name", "route"), ID_URLS, ids=[name for name, _ in ID_URLS])
def test_bad_ids_are_404_never_500(name, route, bad, classroom, client_for, saved):
    real = _real_arguments(classroom)
    client = client_for(classroom.admin)  # sees everything, so a 404 can only mean "no such id"
    saved.take()
    for argument in ROUTE_ARGUMENT.findall(route):
        if not argument.endswith("_id"):
            continue
        url = _path(route, real | {argument: bad})
        statuses = {
            method: getattr(client, method)(url, {"body": "x", "role": "ta"}).status_code
            for method in ("get", "post")
        }
        # 405 for the method a view does not take; the other one must be a plain 404.
        assert set(statuses.values()) in ({404}, {404, 405}), (url, statuses)
    saved.assert_unchanged()


def test_the_bad_id_urls_are_otherwise_right(classroom, client_for):
    """The control for the test above: with real ids the same URLs do not 404."""
    real = _real_arguments(classroom)
    client = client_for(classroom.admin)
    for name, route in ID_URLS:
        if "draft" in name or "<str:launch_id>" in route:
            continue  # drafts are private to whoever imports them, launches to their browser
        response = client.get(_path(route, real), headers={"HX-Request": "true"})
        assert response.status_code != 404, name


@pytest.mark.parametrize(
    "query",
    [
        {"open": "abc"},
        {"open": HUGE_ID},
        {"open": LARGEST_ID},
        {"open": "-1"},
        {"open": ""},
        {"open": "١٢"},  # Arabic-Indic digits: str.isdigit() says yes, int() agrees, no row
        {"open": ["1", "2"]},
        {"all": "yes"},
        {"all": HUGE_ID},
    ],
    ids=lambda query: repr(query),
)
def test_odd_reading_page_queries_still_show_the_page(query, classroom, client_for):
    response = client_for(classroom.student).get(classroom.assignment.get_absolute_url(), query)
    assert response.status_code == 200
    assert classroom.assignment.reading.title in response.text


def test_a_paragraph_from_another_reading_in_open_shows_nothing_extra(classroom, client_for):
    foreign = classroom.other_assignment.reading.current_paragraphs().first()
    make_comment(
        author=classroom.other_student,
        assignment=classroom.other_assignment,
        paragraph=foreign,
        body="Secret elsewhere.",
    )
    response = client_for(classroom.student).get(
        classroom.assignment.get_absolute_url(), {"open": foreign.pk}
    )
    assert response.status_code == 200
    assert "Secret elsewhere." not in response.text


# --- Joining and the roster ---


@pytest.mark.parametrize(
    "code", ["", "   ", "NOPE-NOPE-NOPE", "x" * 41, "<script>", "ABCD-EFGH-JKMN-PQRS"]
)
def test_joining_with_a_bad_code_explains(code, classroom, client_for, saved):
    saved.take()
    response = client_for(classroom.outsider).post(reverse("classroom:join"), {"join_code": code})
    assert response.status_code == 422
    assert "errorlist" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]
    saved.assert_unchanged()


def test_an_unknown_code_says_so(classroom, client_for):
    response = client_for(classroom.outsider).post(
        reverse("classroom:join"), {"join_code": "NOPE-NOPE-NOPE"}
    )
    assert "match any course" in response.text


def test_a_bad_join_link_explains(classroom, client_for, saved):
    saved.take()
    client = client_for(classroom.outsider)
    url = reverse("classroom:join_link", args=["NOPE-NOPE-NOPE"])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        assert "Ask your teacher for a new link or code." in response.text
    saved.assert_unchanged()


def roster_post(client, classroom, action, membership, data=None):
    url = reverse(f"classroom:membership_{action}", args=[classroom.course.slug, membership.pk])
    return client.post(url, data or {}, follow=True)


@pytest.mark.parametrize("role", ["bogus", "", "INSTRUCTOR", "admin", "superuser"])
def test_a_bogus_role_is_refused_with_a_message(role, classroom, client_for, saved):
    membership = Membership.objects.get(user=classroom.student, course=classroom.course)
    saved.take()
    response = roster_post(
        client_for(classroom.instructor), classroom, "role", membership, {"role": role}
    )
    assert response.status_code == 200
    assert "Choose one of the listed roles." in response.text
    saved.assert_unchanged()


def test_the_last_instructor_cannot_be_removed_or_demoted(classroom, client_for, saved):
    own = Membership.objects.get(user=classroom.instructor, course=classroom.course)
    client = client_for(classroom.instructor)
    saved.take()
    for action, data in (
        ("remove", {}),
        ("role", {"role": Role.STUDENT}),
        ("role", {"role": "ta"}),
    ):
        response = roster_post(client, classroom, action, own, data)
        assert response.status_code == 200
        assert "A course needs at least one instructor." in response.text
    saved.assert_unchanged()


def test_a_second_instructor_makes_removal_possible(classroom, client_for):
    """The control for the refusal above: with two instructors, one may step down."""
    own = Membership.objects.get(user=classroom.instructor, course=classroom.course)
    MembershipFactory(course=classroom.course, role=Role.INSTRUCTOR)
    url = reverse("classroom:membership_role", args=[classroom.course.slug, own.pk])
    assert client_for(classroom.instructor).post(url, {"role": "ta"}).status_code == 302
    own.refresh_from_db()
    assert own.role == Role.TA


def test_a_membership_from_another_course_is_a_404(classroom, client_for, saved):
    elsewhere = Membership.objects.get(user=classroom.other_student)
    client = client_for(classroom.instructor)
    saved.take()
    for action in ("role", "remove", "restore"):
        url = reverse(f"classroom:membership_{action}", args=[classroom.course.slug, elsewhere.pk])
        assert client.post(url, {"role": "ta"}).status_code == 404
    saved.assert_unchanged()
