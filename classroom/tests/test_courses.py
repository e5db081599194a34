"""Creating courses, joining them, running the roster, and the account pages around them."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from classroom.models import JOIN_CODE_ALPHABET, Course, Membership, Role, new_join_code
from tests.factories import UserFactory, make_comment

pytestmark = pytest.mark.django_db

JOIN_CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
PASSWORD = "correct horse battery staple"


def membership(user, course) -> Membership:
    return Membership.objects.get(user=user, course=course)


# --- Creating a course ---


def test_creating_a_course_makes_the_creator_its_instructor(client_for):
    teacher = UserFactory()
    client = client_for(teacher)
    response = client.post(reverse("classroom:course_new"), {"title": "Poetry 101"})
    course = Course.objects.get(title="Poetry 101")
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert membership(teacher, course).role == Role.INSTRUCTOR
    assert JOIN_CODE.match(course.join_code)
    page = client.get(response["Location"])
    assert course.join_code in page.text  # the success message tells the teacher the code


def test_join_codes_use_only_the_unambiguous_alphabet():
    assert not set("01ILOU") & set(JOIN_CODE_ALPHABET)
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert JOIN_CODE.match(code), code
        assert set(code.replace("-", "")) <= set(JOIN_CODE_ALPHABET), code


def test_an_empty_title_is_refused(client_for):
    teacher = UserFactory()
    response = client_for(teacher).post(reverse("classroom:course_new"), {"title": "  "})
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not Course.objects.exists()


# --- Joining ---


SPELLINGS = {
    "as-given": lambda code: code,
    "lowercase": str.lower,
    "no-dashes": lambda code: code.replace("-", ""),
    "lowercase-no-dashes": lambda code: code.replace("-", "").lower(),
    "spaces-for-dashes": lambda code: code.replace("-", " "),
    "padded": lambda code: f"  {code.lower()}  ",
    "spaced-out": lambda code: " ".join(code.replace("-", "")),
    "spaced-dashes": lambda code: code.replace("-", " - "),
}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_joining_by_code_accepts_any_case_spacing_and_dashes(spelling, classroom, client_for):
    typed = SPELLINGS[spelling](classroom.course.join_code)
    response = client_for(classroom.outsider).post(reverse("classroom:join"), {"join_code": typed})
    assert response.status_code == 302, typed
    assert response["Location"] == classroom.course.get_absolute_url()
    assert membership(classroom.outsider, classroom.course).role == Role.STUDENT


def test_joining_twice_keeps_one_membership_and_the_role(classroom, client_for):
    client = client_for(classroom.ta)
    client.post(reverse("classroom:join"), {"join_code": classroom.course.join_code})
    assert Membership.objects.filter(user=classroom.ta, course=classroom.course).count() == 1
    assert membership(classroom.ta, classroom.course).role == Role.TA


def test_a_join_link_asks_before_joining(classroom, client_for):
    client = client_for(classroom.outsider)
    url = classroom.course.join_url
    for _ in range(3):  # link previews, prefetching, a double click: a GET never joins
        page = client.get(url)
        assert page.status_code == 200
        assert classroom.course.join_code in page.text
        assert 'method="post"' in page.text
        assert not Membership.objects.filter(user=classroom.outsider).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert membership(classroom.outsider, classroom.course).role == Role.STUDENT
    assert client.get(classroom.course.get_absolute_url()).status_code == 200


def test_a_join_link_sends_anonymous_visitors_to_log_in_and_back(classroom, client):
    url = classroom.course.join_url
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_rotating_the_code_retires_the_old_one(classroom, client_for):
    old = classroom.course.join_code
    response = client_for(classroom.instructor).post(
        reverse("classroom:join_code_rotate", args=[classroom.course.slug]), follow=True
    )
    classroom.course.refresh_from_db()
    new = classroom.course.join_code
    assert new != old
    assert JOIN_CODE.match(new)
    assert new in response.text

    client = client_for(classroom.outsider)
    refused = client.post(reverse("classroom:join"), {"join_code": old})
    assert refused.status_code == 422
    assert client.post(reverse("classroom:join_link", args=[old])).status_code == 422
    assert not Membership.objects.filter(user=classroom.outsider).exists()
    assert client.post(reverse("classroom:join"), {"join_code": new}).status_code == 302
    assert Membership.objects.filter(user=classroom.outsider).exists()


# --- The roster ---


def roster_action(client, classroom, action, person, data=None):
    target = membership(person, classroom.course)
    url = reverse(f"classroom:membership_{action}", args=[classroom.course.slug, target.pk])
    return client.post(url, data or {})


def test_changing_a_role_changes_what_the_person_may_do(classroom, client_for):
    client = client_for(classroom.instructor)
    roster = reverse("classroom:roster", args=[classroom.course.slug])
    assert client_for(classroom.student).get(roster).status_code == 403

    response = roster_action(
        client_for(classroom.instructor),
        classroom,
        "role",
        classroom.student,
        {"role": Role.INSTRUCTOR},
    )
    assert response.status_code == 302
    assert membership(classroom.student, classroom.course).role == Role.INSTRUCTOR
    assert client_for(classroom.student).get(roster).status_code == 200

    roster_action(client, classroom, "role", classroom.student, {"role": Role.STUDENT})
    assert membership(classroom.student, classroom.course).role == Role.STUDENT
    assert client_for(classroom.student).get(roster).status_code == 403


def test_removal_keeps_comments_and_takes_away_access(classroom, client_for):
    comment = classroom.comment  # written by the classmate
    response = roster_action(
        client_for(classroom.instructor), classroom, "remove", classroom.classmate
    )
    assert response.status_code == 302
    removed = membership(classroom.classmate, classroom.course)
    assert removed.removed_at is not None

    gone = client_for(classroom.classmate)
    assert gone.get(classroom.course.get_absolute_url()).status_code == 404
    assert gone.get(classroom.assignment.get_absolute_url()).status_code == 404
    assert classroom.course.title not in gone.get(reverse("classroom:home")).text
    rejoin = gone.post(reverse("classroom:join"), {"join_code": classroom.course.join_code})
    assert rejoin.status_code == 422
    assert "removed" in rejoin.text
    assert membership(classroom.classmate, classroom.course).removed_at is not None

    # What they wrote stays where it was, for everyone still in the course.
    page = client_for(classroom.student).get(
        classroom.assignment.get_absolute_url(), {"open": comment.paragraph_id}
    )
    assert "First <em>thoughts</em>." in page.text
    roster = client_for(classroom.instructor).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    assert classroom.classmate.username in roster.text
    assert "Restore" in roster.text


def test_restoring_brings_access_back(classroom, client_for):
    instructor = client_for(classroom.instructor)
    roster_action(instructor, classroom, "remove", classroom.classmate)
    response = roster_action(instructor, classroom, "restore", classroom.classmate)
    assert response.status_code == 302
    assert membership(classroom.classmate, classroom.course).removed_at is None
    assert membership(classroom.classmate, classroom.course).role == Role.STUDENT
    back = client_for(classroom.classmate)
    assert back.get(classroom.course.get_absolute_url()).status_code == 200
    assert back.get(classroom.assignment.get_absolute_url()).status_code == 200


def test_the_roster_counts_each_persons_comments_in_this_course_only(classroom, client_for):
    make_comment(author=classroom.student, assignment=classroom.assignment)
    make_comment(author=classroom.student, assignment=classroom.assignment)
    other = classroom.other_assignment
    Membership.objects.create(user=classroom.student, course=other.course, role=Role.STUDENT)
    make_comment(author=classroom.student, assignment=other)
    response = client_for(classroom.instructor).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    counts = {
        username: int(count)
        for username, count in re.findall(
            r"@(\w+)</span></th>.*?<td class=\"comment-count-cell\"[^>]*>(\d+)</td>",
            response.text,
            re.DOTALL,
        )
    }
    assert counts[classroom.student.username] == 2
    assert counts[classroom.classmate.username] == 1  # the fixture's first comment
    assert counts[classroom.instructor.username] == 0


# --- Home ---


def test_home_lists_only_my_courses(classroom, client_for):
    other_course = classroom.other_assignment.course
    page = client_for(classroom.student).get(reverse("classroom:home"))
    assert classroom.course.title in page.text
    assert other_course.title not in page.text

    page = client_for(classroom.outsider).get(reverse("classroom:home"))
    assert classroom.course.title not in page.text
    assert other_course.title not in page.text


# --- Accounts ---


def test_sign_up_logs_the_new_person_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "display_name": "Ada L.",
            "email": "ada@example.com",
            "password1": "tangerine kettle orbit 93",
            "password2": "tangerine kettle orbit 93",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:home")
    ada = get_user_model().objects.get(username="ada")
    assert ada.display_name == "Ada L."
    assert client.get(reverse("classroom:home")).context["user"] == ada


def test_sign_up_follows_next_back_to_a_join_link(classroom, client):
    url = classroom.course.join_url
    response = client.post(
        f"{reverse('signup')}?next={url}",
        {
            "username": "grace",
            "email": "grace@example.com",
            "password1": "tangerine kettle orbit 93",
            "password2": "tangerine kettle orbit 93",
        },
    )
    assert response["Location"] == url


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_sign_up_never_redirects_off_site(target, client):
    response = client.post(
        f"{reverse('signup')}?{urlencode({'next': target})}",
        {
            "username": "mallory",
            "email": "m@example.com",
            "password1": "tangerine kettle orbit 93",
            "password2": "tangerine kettle orbit 93",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:home")


def test_sign_up_refuses_a_weak_password(client):
    response = client.post(
        reverse("signup"),
        {"username": "bob", "email": "b@example.com", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not get_user_model().objects.filter(username="bob").exists()


def test_log_in_and_log_out(client):
    person = UserFactory(username="lin")
    response = client.post(reverse("login"), {"username": "lin", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:home")
    assert client.get(reverse("classroom:home")).status_code == 200

    wrong = client.post(reverse("login"), {"username": "lin", "password": "nope"})
    assert wrong.status_code == 200  # still logged in from before; the form shows the error

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("classroom:home")).status_code == 302
    assert person.is_authenticated


def test_a_wrong_password_does_not_log_in(client):
    UserFactory(username="lin")
    response = client.post(reverse("login"), {"username": "lin", "password": "nope"})
    assert response.status_code == 200
    assert "errorlist" in response.text or "correct" in response.text
    assert client.get(reverse("classroom:home")).status_code == 302


def test_change_password(client_for):
    person = UserFactory(username="kim")
    client = client_for(person)
    new = "a different long passphrase 7"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password(new)
    assert client.get(reverse("classroom:home")).status_code == 200  # still logged in


def test_change_password_needs_the_old_one(client_for):
    person = UserFactory(username="kim")
    response = client_for(person).post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x long passphrase", "new_password2": "x"},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_reset_a_forgotten_password_by_email(client):
    person = UserFactory(username="noor", email="noor@example.com")
    response = client.post(reverse("password_reset"), {"email": "noor@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noor@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", message.body)
    assert link, message.body

    form_page = client.get(link[1], follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    new = "a brand new passphrase 42"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(new)

    # The link works once.
    assert "This link has expired" in client.get(link[1], follow=True).text


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_comments_survive_their_author_leaving_and_returning(classroom, client_for):
    mine = make_comment(author=classroom.student, assignment=classroom.assignment, body="Kept.")
    instructor = client_for(classroom.instructor)
    roster_action(instructor, classroom, "remove", classroom.student)
    roster_action(instructor, classroom, "restore", classroom.student)
    mine.refresh_from_db()
    assert mine.is_visible
    page = client_for(classroom.student).get(
        classroom.assignment.get_absolute_url(), {"open": mine.paragraph_id}
    )
    assert "Kept." in page.text


def test_an_instructor_who_hands_over_the_course_lands_on_the_course_page(classroom, client_for):
    Membership.objects.filter(user=classroom.ta, course=classroom.course).update(
        role=Role.INSTRUCTOR
    )
    own = Membership.objects.get(user=classroom.instructor, course=classroom.course)
    client = client_for(classroom.instructor)
    response = client.post(
        f"/c/{classroom.course.slug}/roster/{own.pk}/role/", {"role": "ta"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == classroom.course.get_absolute_url()
